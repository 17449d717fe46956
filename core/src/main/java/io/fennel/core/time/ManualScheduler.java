package io.fennel.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose time moves only when told to: {@link #advance(Duration)} runs, on the
 * calling thread, everything that falls due. For tests of ETA, expiry, rate limits and heartbeats
 * without sleeping. Thread-safe.
 */
public final class ManualScheduler implements Scheduler {
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long now;
  private long seq;
  private final Instant epoch;

  public ManualScheduler(Instant start) {
    this.epoch = start;
  }

  private final class Entry implements Comparable<Entry> {
    final long due;
    final long order = seq++;
    final Runnable task;
    final long period;
    final boolean[] cancelled;

    Entry(long due, Runnable task, long period, boolean[] cancelled) {
      this.due = due;
      this.task = task;
      this.period = period;
      this.cancelled = cancelled;
    }

    @Override
    public int compareTo(Entry o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
    }
  }

  @Override
  public synchronized Clock clock() {
    return Clock.fixed(epoch.plusNanos(now), ZoneOffset.UTC);
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  private synchronized Cancellable add(Runnable task, long delay, long period) {
    boolean[] cancelled = {false};
    queue.add(new Entry(now + Math.max(0, delay), task, period, cancelled));
    return () -> {
      synchronized (ManualScheduler.this) {
        boolean was = !cancelled[0] && queue.removeIf(x -> x.cancelled == cancelled);
        cancelled[0] = true;
        return was;
      }
    };
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    return add(task, Scheduler.clampedNanos(delay), 0);
  }

  @Override
  public Cancellable every(Runnable task, Duration period) {
    return add(task, Scheduler.clampedNanos(period), Scheduler.clampedNanos(period));
  }

  @Override
  public void execute(Runnable task) {
    add(task, 0, 0);
  }

  /** Runs everything due now (including work handed over with {@link #execute}). */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves time forward, running each task that falls due at its own moment. */
  public void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      List<Runnable> batch = new ArrayList<>();
      synchronized (this) {
        Entry e = queue.peek();
        if (e == null || e.due > target) {
          now = target;
          return;
        }
        queue.poll();
        now = Math.max(now, e.due);
        batch.add(e.task);
        if (e.period > 0 && !e.cancelled[0]) {
          queue.add(new Entry(e.due + e.period, e.task, e.period, e.cancelled));
        }
      }
      batch.forEach(Runnable::run);
    }
  }

  /** How many tasks wait to run. */
  public synchronized int pending() {
    return queue.size();
  }

  @Override
  public void close() {}
}
