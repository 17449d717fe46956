package io.fennel.spring;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerListener;
import io.fennel.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's worker with its lifecycle: the worker starts, with its agent (events,
 * heartbeats, remote control), once the context has refreshed, and on close it makes a warm
 * shutdown (stop consuming, return prefetched messages, let running tasks finish) that turns cold
 * after {@code fennel.worker.shutdown-timeout}. It runs in {@link #PHASE}, after the web server has
 * started and before it stops, and stops asynchronously, within Spring's time per shutdown phase.
 */
public final class FennelWorkerLifecycle implements SmartLifecycle {
  /** Starts after the web server ({@code DEFAULT_PHASE - 2048}), stops before its graceful stop. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(FennelWorkerLifecycle.class);
  private static final Duration COLD_WAIT = Duration.ofSeconds(5);

  private final Fennel fennel;
  private final WorkerSettings settings;
  private final List<WorkerListener> listeners;
  private volatile Worker worker;
  private volatile WorkerAgent agent;
  private volatile boolean running;

  FennelWorkerLifecycle(Fennel fennel, WorkerSettings settings, List<WorkerListener> listeners) {
    this.fennel = fennel;
    this.settings = settings;
    this.listeners = List.copyOf(listeners);
  }

  /** The running worker, while there is one. */
  public Optional<Worker> worker() {
    return running ? Optional.ofNullable(worker) : Optional.empty();
  }

  /** The running worker's agent, while there is one. */
  public Optional<WorkerAgent> agent() {
    return running ? Optional.ofNullable(agent) : Optional.empty();
  }

  /** The worker's options as configured, whether or not it runs. */
  WorkerOptions options() {
    WorkerOptions o = fennel.workerOptions(settings.nodeName(), settings.queues());
    return new WorkerOptions(
        o.hostname(),
        o.queues(),
        settings.pool(),
        o.concurrency(),
        o.prefetchMultiplier(),
        o.sendTaskEvents());
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    Worker w = fennel.worker(options());
    listeners.forEach(w::addListener);
    WorkerAgent a = WorkerAgent.attach(fennel, w, AgentOptions.DEFAULTS);
    try {
      w.start();
    } catch (RuntimeException e) {
      a.close();
      w.close();
      throw e;
    }
    worker = w;
    agent = a;
    running = true;
    log.info(
        "fennel worker {} consuming {} (task events {})",
        w.hostname(),
        String.join(", ", w.options().queues()),
        a.taskEventsEnabled() ? "on" : "off");
  }

  @Override
  public void stop() {
    Worker w = worker;
    if (!running || w == null) {
      return;
    }
    w.shutdown();
    finish(w);
  }

  @Override
  public void stop(Runnable callback) {
    Worker w = worker;
    if (!running || w == null) {
      callback.run();
      return;
    }
    w.shutdown();
    FennelThreads.start(
        "worker-stop",
        w.hostname(),
        () -> {
          try {
            finish(w);
          } finally {
            callback.run();
          }
        });
  }

  /** Waits out the warm shutdown, turns it cold after the timeout, then closes the agent. */
  private void finish(Worker w) {
    try {
      if (!w.awaitStopped(settings.shutdownTimeout())) {
        log.warn(
            "fennel worker {}: tasks still running after {}; cold shutdown (interrupting them)",
            w.hostname(),
            settings.shutdownTimeout());
        w.shutdownNow();
        w.awaitStopped(COLD_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      w.shutdownNow();
    } finally {
      WorkerAgent a = agent;
      if (a != null) {
        a.close();
      }
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
