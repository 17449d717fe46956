package io.fennel.cli;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A Fennel worker of {@link DemoApp} with its agent, on a named in-memory broker the CLI under test
 * opens by URL ({@code memory://it-...} brokers are shared within the JVM while open).
 */
final class RunningWorker implements AutoCloseable {
  final String url = "memory://it-" + UUID.randomUUID();
  final String node;
  final Fennel app;
  final Worker worker;
  final WorkerAgent agent;
  private boolean started;

  /** A worker sending task events, heartbeats at the default interval. */
  RunningWorker(String node) {
    this(node, AgentOptions.DEFAULTS.withTaskEvents(true));
  }

  RunningWorker(String node, AgentOptions options) {
    this(node, options, true);
  }

  /** With {@code start} false, the broker is open but the worker waits for {@link #start()}. */
  RunningWorker(String node, AgentOptions options, boolean start) {
    this.node = node;
    this.app = Fennel.builder().brokerUrl(url).build();
    app.unsafe().broker();
    new DemoApp().define(app);
    this.worker = app.worker(app.workerOptions(node, List.of("celery")));
    this.agent = WorkerAgent.attach(app, worker, options);
    if (start) {
      start();
    }
  }

  void start() {
    worker.start();
    started = true;
  }

  @Override
  public void close() {
    if (started) {
      worker.shutdownNow();
      try {
        worker.awaitStopped(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    agent.close();
    app.close();
  }
}
