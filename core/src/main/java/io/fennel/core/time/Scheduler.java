package io.fennel.core.time;

import java.time.Clock;
import java.time.Duration;

/**
 * Time for everything time-based in Fennel (ETA, expiry, rate limits, heartbeats): a wall clock, a
 * monotonic nanosecond source, and a place to run work later. Tests inject a manual one and move
 * time forward instead of sleeping.
 */
public interface Scheduler extends AutoCloseable {
  /** Wall-clock time. */
  Clock clock();

  /** Monotonic time in nanoseconds. */
  long nanoTime();

  /** Runs {@code task} once after {@code delay} on the scheduler's thread. */
  Cancellable schedule(Runnable task, Duration delay);

  /** Runs {@code task} every {@code period}, first after {@code period}. */
  Cancellable every(Runnable task, Duration period);

  /** Runs {@code task} soon on the scheduler's thread; tasks run one at a time, in order. */
  void execute(Runnable task);

  @Override
  void close();

  /**
   * The longest delay a scheduler waits; a later time (an ETA in year 9999, say) is clamped to it
   * instead of overflowing. About 100 years: for a process, "never".
   */
  Duration MAX_DELAY = Duration.ofDays(36_500);

  /** {@code delay} in nanoseconds, at least 0 and at most {@link #MAX_DELAY}, never overflowing. */
  static long clampedNanos(Duration delay) {
    if (delay.isNegative()) {
      return 0;
    }
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY.toNanos() : delay.toNanos();
  }

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off; returns false when it already ran or was cancelled. */
    boolean cancel();
  }
}
