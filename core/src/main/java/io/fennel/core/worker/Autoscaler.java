package io.fennel.core.worker;

import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --autoscale MAX,MIN} on the injected scheduler: every second it grows the pool by the
 * tasks waiting for a slot (up to max), and once the pool has had spare slots for {@link
 * #KEEPALIVE} it shrinks to what is busy (down to min, and never below one slot). The bounds can
 * change while it runs (the {@code autoscale} control command).
 */
final class Autoscaler {
  private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

  /** How often the backlog is looked at. */
  static final Duration PERIOD = Duration.ofSeconds(1);

  /** How long slots stay idle before the pool shrinks (Celery's autoscaler keepalive). */
  static final Duration KEEPALIVE = Duration.ofSeconds(30);

  private final Supplier<WorkerPool> pool;
  private final Scheduler scheduler;
  private final String node;
  private volatile Autoscale bounds;
  private Scheduler.Cancellable timer;
  private long lastBusyNanos;

  Autoscaler(Supplier<WorkerPool> pool, Scheduler scheduler, String node, Autoscale bounds) {
    this.pool = pool;
    this.scheduler = scheduler;
    this.node = node;
    this.bounds = bounds;
    this.lastBusyNanos = scheduler.nanoTime();
  }

  void start() {
    timer = scheduler.every(this::check, PERIOD);
  }

  void stop() {
    if (timer != null) {
      timer.cancel();
    }
  }

  Autoscale bounds() {
    return bounds;
  }

  /** New bounds; the pool is brought inside them at once. */
  synchronized void setBounds(Autoscale b) {
    bounds = b;
    WorkerPool p = pool.get();
    int size = p.size();
    int target = Math.min(b.max(), Math.max(floor(b), size));
    if (target != size) {
      resize(p, size, target);
    }
  }

  private static int floor(Autoscale b) {
    return Math.max(1, b.min());
  }

  synchronized void check() {
    WorkerPool p = pool.get();
    Autoscale b = bounds;
    int size = p.size();
    int waiting = p.queued();
    int busy = p.running();
    long now = scheduler.nanoTime();
    if (waiting > 0 || busy >= size) {
      lastBusyNanos = now;
    }
    if (waiting > 0 && size < b.max()) {
      resize(p, size, Math.min(b.max(), size + waiting));
      return;
    }
    int target = Math.max(floor(b), busy);
    if (waiting == 0 && target < size && now - lastBusyNanos >= KEEPALIVE.toNanos()) {
      resize(p, size, target);
      lastBusyNanos = now;
    }
  }

  private void resize(WorkerPool p, int from, int to) {
    p.resize(to);
    log.info("worker {} autoscaled its pool from {} to {}", node, from, to);
  }
}
