package io.fennel.core.runtime;

import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one backoff policy for loops that retry something outside Fennel (a Redis connection, the
 * event exchange): the delay starts at {@code initial}, doubles per failed attempt and stops
 * growing at {@code max}, as the RabbitMQ client's {@code RecoveryDelayHandler}. Waits run on the
 * injected {@link Scheduler}, so tests move a manual clock instead of sleeping.
 */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial delay must be > 0, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff max delay must be >= initial " + initial + ", was " + max);
    }
  }

  /** The delay before retry number {@code attempt} (1 is the first retry). */
  public Duration delay(int attempt) {
    int shift = Math.max(0, Math.min(attempt - 1, 30));
    long nanos = initial.toNanos();
    long grown = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
    return grown >= max.toNanos() ? max : Duration.ofNanos(grown);
  }

  /**
   * Blocks the calling thread until {@code delay} has passed on {@code scheduler}'s clock (a manual
   * scheduler releases it when a test advances time). Returns false if interrupted, with the
   * interrupt flag set again.
   */
  public static boolean pause(Scheduler scheduler, Duration delay) {
    CountDownLatch due = new CountDownLatch(1);
    Scheduler.Cancellable timer = scheduler.schedule(due::countDown, delay);
    try {
      while (!due.await(1, TimeUnit.SECONDS)) {
        // keep waiting; the timer (real or manual) releases the latch
      }
      return true;
    } catch (InterruptedException e) {
      timer.cancel();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Like {@link #pause(Scheduler, Duration)} for retry number {@code attempt}. */
  public boolean pause(Scheduler scheduler, int attempt) {
    return pause(scheduler, delay(attempt));
  }
}
