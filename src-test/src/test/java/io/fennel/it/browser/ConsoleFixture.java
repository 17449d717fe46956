package io.fennel.it.browser;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.MonitorOptionsBuilder;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real console over a real cluster in this JVM: an in-memory broker shared by an app that sends
 * the demo tasks, a Fennel worker with its agent (task events on) and the console on a free port.
 */
final class ConsoleFixture implements AutoCloseable {
  /** A named in-memory broker, so the CLI in this JVM ({@code -b memory://...}) reaches it too. */
  final String brokerUrl = "memory://console-it-" + UUID.randomUUID();

  final io.fennel.core.broker.Broker broker = io.fennel.core.broker.Brokers.open(brokerUrl);
  final Fennel app;
  final Worker worker;
  final WorkerAgent agent;
  final Monitor monitor;

  ConsoleFixture(UnaryOperator<MonitorOptionsBuilder> options) {
    app = Fennel.builder().broker(broker).backend(new MemoryBackend("memory://")).build();
    new DemoApp().define(app);
    String node = "browser-" + UUID.randomUUID().toString().substring(0, 6) + "@it";
    worker = app.worker(app.workerOptions(node, List.of("celery")));
    agent = WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS.withTaskEvents(true));
    worker.start();
    monitor =
        Monitor.start(
            options
                .apply(
                    MonitorOptions.builder()
                        .broker(broker)
                        .app(app)
                        .port(0)
                        .queueSampleInterval(Duration.ofSeconds(1)))
                .build());
  }

  String url(String path) {
    return "http://127.0.0.1:" + monitor.port() + path;
  }

  /** A console path under its prefix, with its scheme: {@code https://127.0.0.1:1234/ops/tasks}. */
  String at(String path) {
    String base = monitor.url();
    return base.substring(0, base.length() - 1) + path;
  }

  String node() {
    return worker.hostname();
  }

  @Override
  public void close() {
    monitor.close();
    worker.shutdownNow();
    try {
      worker.awaitStopped(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    agent.close();
    app.close();
    broker.close();
  }
}
