package io.fennel.core.broker.redis;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisBroker} handles unacknowledged messages, with Celery's defaults.
 *
 * @param visibilityTimeout kombu's {@code visibility_timeout}: a delivery unacknowledged for longer
 *     than this is put back on its queue by the next restore (default one hour, Celery's); a {@code
 *     ?visibility_timeout=<seconds>} in the broker URL overrides it
 * @param restoreInterval how often a consuming broker looks for such deliveries after the restore
 *     it does when it starts consuming (kombu looks on every tenth tick of a 10 s timer, so 100 s)
 * @param scheduler the clock delivery times are scored with and the timers of the restore, the idle
 *     polls and the retries; null for one of the broker's own on the system clock (thread {@code
 *     fennel-redis-timer}), closed with it
 * @param failures where the broker's loops report what fails (a lost connection, a handler that
 *     throws)
 */
record RedisBrokerOptions(
    Duration visibilityTimeout,
    Duration restoreInterval,
    Scheduler scheduler,
    FailureHandler failures) {

  /** Celery's default visibility timeout on Redis: one hour. */
  public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofHours(1);

  /** kombu's effective restore period. */
  public static final Duration DEFAULT_RESTORE_INTERVAL = Duration.ofSeconds(100);

  public RedisBrokerOptions {
    Objects.requireNonNull(visibilityTimeout, "visibility timeout");
    Objects.requireNonNull(restoreInterval, "restore interval");
    Objects.requireNonNull(failures, "failures");
    if (visibilityTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "visibility timeout must be >= 1 second, was " + visibilityTimeout);
    }
    if (restoreInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "restore interval must be >= 1 second, was " + restoreInterval);
    }
  }

  /**
   * How often a consuming broker actually looks for lost deliveries: {@link #restoreInterval()},
   * but at most a tenth of the visibility timeout (at least a second), so a delivery lost by a dead
   * worker comes back soon after the visibility timeout, not up to 100 s later.
   */
  public Duration restorePeriod() {
    Duration tenth = visibilityTimeout.dividedBy(10);
    Duration bound = tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    return restoreInterval.compareTo(bound) < 0 ? restoreInterval : bound;
  }

  /** One hour visibility timeout, a restore every 100 s, the system clock, logged failures. */
  public static RedisBrokerOptions defaults() {
    return new RedisBrokerOptions(
        DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_RESTORE_INTERVAL, null, FailureHandler.logging());
  }

  /** These options with another visibility timeout. */
  public RedisBrokerOptions withVisibilityTimeout(Duration timeout) {
    return new RedisBrokerOptions(timeout, restoreInterval, scheduler, failures);
  }

  /** These options with another restore interval. */
  public RedisBrokerOptions withRestoreInterval(Duration interval) {
    return new RedisBrokerOptions(visibilityTimeout, interval, scheduler, failures);
  }

  /** These options with time and timers from {@code s} (tests pass a manual scheduler). */
  public RedisBrokerOptions withScheduler(Scheduler s) {
    return new RedisBrokerOptions(visibilityTimeout, restoreInterval, s, failures);
  }

  /** These options reporting failures to {@code f}. */
  public RedisBrokerOptions withFailures(FailureHandler f) {
    return new RedisBrokerOptions(visibilityTimeout, restoreInterval, scheduler, f);
  }
}
