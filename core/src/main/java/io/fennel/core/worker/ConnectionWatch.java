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
 * {@code worker_cancel_long_running_tasks_on_connection_loss}: when the broker connection is lost,
 * every running late-acked task is cancelled (its delivery died with the connection, so the broker
 * will deliver it again and it would otherwise run twice). A broker that reports each loss as it
 * happens ({@link Broker#onConnectionLost}, RabbitMQ) is heard at once, so a drop shorter than a
 * second is not missed; every broker is also asked each second whether it is connected.
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
  private boolean stopped;
  private Runnable unlisten = () -> {};

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

  synchronized void start() {
    unlisten = broker.onConnectionLost(this::lost).orElse(() -> {});
    log.debug("watching {} for connection loss each second", broker.url());
    timer = scheduler.every(this::check, PERIOD);
  }

  void stop() {
    Runnable remove;
    synchronized (this) {
      stopped = true;
      remove = unlisten;
      if (timer != null) {
        timer.cancel();
      }
    }
    remove.run(); // outside the lock: the transport's thread may be in lost() right now
  }

  synchronized void check() {
    boolean up = broker.isConnected();
    if (wasUp && !up) {
      cancelLateAcked();
    }
    wasUp = up;
  }

  /** The broker saw the connection drop: every loss counts, even one already recovered. */
  synchronized void lost() {
    if (stopped) {
      return; // a loss heard while stopping
    }
    cancelLateAcked();
    wasUp = false;
  }

  private void cancelLateAcked() {
    List<TaskRequest> late = active.get().stream().filter(acksLate).toList();
    if (!late.isEmpty()) {
      log.warn(
          "the broker connection was lost; cancelling {} running late-acked task(s)", late.size());
    }
    late.forEach(TaskRequest::cancel);
  }
}
