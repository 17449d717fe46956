package io.fennel.core.worker;

import io.fennel.core.broker.Broker;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code worker_cancel_long_running_tasks_on_connection_loss}: every second it asks the broker
 * whether the connection is up; when it goes down, every running late-acked task is cancelled (its
 * delivery died with the connection, so the broker will deliver it again and it would otherwise run
 * twice).
 */
final class ConnectionWatch {
  private static final Logger log = LoggerFactory.getLogger(ConnectionWatch.class);

  static final Duration PERIOD = Duration.ofSeconds(1);

  private final Broker broker;
  private final Scheduler scheduler;
  private final Supplier<List<TaskRequest>> active;
  private final Predicate<TaskRequest> acksLate;
  private Scheduler.Cancellable timer;
  private boolean wasUp = true;

  ConnectionWatch(
      Broker broker,
      Scheduler scheduler,
      Supplier<List<TaskRequest>> active,
      Predicate<TaskRequest> acksLate) {
    this.broker = broker;
    this.scheduler = scheduler;
    this.active = active;
    this.acksLate = acksLate;
  }

  void start() {
    timer = scheduler.every(this::check, PERIOD);
  }

  void stop() {
    if (timer != null) {
      timer.cancel();
    }
  }

  synchronized void check() {
    boolean up = broker.isConnected();
    if (wasUp && !up) {
      List<TaskRequest> late = active.get().stream().filter(acksLate).toList();
      if (!late.isEmpty()) {
        log.warn(
            "the broker connection was lost; cancelling {} running late-acked task(s)",
            late.size());
      }
      late.forEach(TaskRequest::cancel);
    }
    wasUp = up;
  }
}
