package io.fennel.core.worker;

import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds task requests whose ETA is in the future, each on a timer of the injected scheduler, and
 * hands each one on when its time comes, unless it was called off first (revoke, shutdown). While a
 * request is held, its queue's prefetch allowance is one higher (as Celery's QoS increments), so
 * held tasks never fill the window that tasks due now need.
 */
final class EtaTimer {
  private static final Logger log = LoggerFactory.getLogger(EtaTimer.class);

  private record Held(TaskRequest request, Scheduler.Cancellable timer) {}

  /** Told +1 when a request of a queue is held and -1 when it leaves the timer. */
  @FunctionalInterface
  interface Allowance {
    void adjust(String queue, int delta);
  }

  private final Scheduler scheduler;
  private final Allowance allowance;
  private final Map<String, Held> held = new ConcurrentHashMap<>();

  EtaTimer(Scheduler scheduler, Allowance allowance) {
    this.scheduler = scheduler;
    this.allowance = allowance;
  }

  private void released(TaskRequest r) {
    allowance.adjust(r.deliveryInfo().queue(), -1);
  }

  /** Holds {@code r} until {@code eta}, then passes it to {@code due}. */
  void hold(TaskRequest r, Instant eta, Consumer<TaskRequest> due) {
    Duration wait = Duration.between(scheduler.clock().instant(), eta);
    if (wait.compareTo(Scheduler.MAX_DELAY) > 0) {
      log.warn(
          "task {} ({}) has eta {}, more than {} days away; it is held for {} days (with a"
              + " prefetch slot of its own) and goes back to its queue when this worker stops;"
              + " revoke it if the eta is a mistake",
          r.id(),
          r.name(),
          eta,
          Scheduler.MAX_DELAY.toDays(),
          Scheduler.MAX_DELAY.toDays());
    }
    allowance.adjust(r.deliveryInfo().queue(), +1);
    Scheduler.Cancellable timer =
        scheduler.schedule(
            () -> {
              if (held.remove(r.id()) != null) {
                released(r);
                due.accept(r);
              }
            },
            wait);
    held.put(r.id(), new Held(r, timer));
  }

  /** Calls off the request held under {@code id}; it is returned if its timer had not fired. */
  Optional<TaskRequest> cancel(String id) {
    Held h = held.remove(id);
    if (h == null || !h.timer().cancel()) {
      return Optional.empty();
    }
    released(h.request());
    return Optional.of(h.request());
  }

  /** The requests waiting for their ETA. */
  List<TaskRequest> requests() {
    return held.values().stream().map(Held::request).toList();
  }

  /** Calls off every timer and returns the requests that were waiting (a shutdown). */
  List<TaskRequest> drain() {
    List<TaskRequest> out = new ArrayList<>();
    for (String id : List.copyOf(held.keySet())) {
      Held h = held.remove(id);
      if (h != null) {
        h.timer().cancel();
        released(h.request());
        out.add(h.request());
      }
    }
    return out;
  }
}
