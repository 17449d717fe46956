package io.fennel.core.task;

import io.fennel.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How one task behaves: rate limit, retry policy, acknowledgement, result handling and time limits.
 * Null for a tri-state setting means "use the app's setting".
 */
public record TaskOptions(
    RateLimit rateLimit,
    int maxRetries,
    Duration defaultRetryDelay,
    List<Class<? extends Throwable>> autoretryFor,
    boolean retryBackoff,
    Duration retryBackoffMax,
    boolean retryJitter,
    Boolean acksLate,
    Boolean trackStarted,
    boolean ignoreResult,
    Double timeLimit,
    Double softTimeLimit) {

  public TaskOptions {
    autoretryFor = List.copyOf(autoretryFor);
  }

  /** Celery's defaults: 3 retries, 180 s apart, no rate limit. */
  public static final TaskOptions DEFAULTS =
      new TaskOptions(
          null,
          3,
          Duration.ofSeconds(180),
          List.of(),
          false,
          Duration.ofSeconds(600),
          true,
          null,
          null,
          false,
          null,
          null);

  /** The fields of a {@link TaskOptions}, changed one at a time by the {@code with} methods. */
  private static final class Draft {
    RateLimit rateLimit;
    int maxRetries;
    Duration defaultRetryDelay;
    List<Class<? extends Throwable>> autoretryFor;
    boolean retryBackoff;
    Duration retryBackoffMax;
    boolean retryJitter;
    Boolean acksLate;
    Boolean trackStarted;
    boolean ignoreResult;
    Double timeLimit;
    Double softTimeLimit;
  }

  private TaskOptions with(Consumer<Draft> change) {
    Draft d = new Draft();
    d.rateLimit = rateLimit;
    d.maxRetries = maxRetries;
    d.defaultRetryDelay = defaultRetryDelay;
    d.autoretryFor = autoretryFor;
    d.retryBackoff = retryBackoff;
    d.retryBackoffMax = retryBackoffMax;
    d.retryJitter = retryJitter;
    d.acksLate = acksLate;
    d.trackStarted = trackStarted;
    d.ignoreResult = ignoreResult;
    d.timeLimit = timeLimit;
    d.softTimeLimit = softTimeLimit;
    change.accept(d);
    return new TaskOptions(
        d.rateLimit,
        d.maxRetries,
        d.defaultRetryDelay,
        d.autoretryFor,
        d.retryBackoff,
        d.retryBackoffMax,
        d.retryJitter,
        d.acksLate,
        d.trackStarted,
        d.ignoreResult,
        d.timeLimit,
        d.softTimeLimit);
  }

  public TaskOptions withRateLimit(RateLimit r) {
    return with(d -> d.rateLimit = r);
  }

  public TaskOptions withMaxRetries(int n) {
    return with(d -> d.maxRetries = n);
  }

  public TaskOptions withDefaultRetryDelay(Duration delay) {
    return with(d -> d.defaultRetryDelay = delay);
  }

  /** Retries by itself on these exceptions, with or without exponential backoff and jitter. */
  public TaskOptions withAutoretry(
      List<Class<? extends Throwable>> types,
      boolean backoff,
      Duration backoffMax,
      boolean jitter) {
    return with(d -> {
      d.autoretryFor = types;
      d.retryBackoff = backoff;
      d.retryBackoffMax = backoffMax;
      d.retryJitter = jitter;
    });
  }

  public TaskOptions withAcksLate(Boolean b) {
    return with(d -> d.acksLate = b);
  }

  public TaskOptions withTrackStarted(Boolean b) {
    return with(d -> d.trackStarted = b);
  }

  public TaskOptions withIgnoreResult(boolean b) {
    return with(d -> d.ignoreResult = b);
  }

  /** Hard and soft time limits in seconds (null for none). */
  public TaskOptions withTimeLimits(Double hard, Double soft) {
    return with(d -> {
      d.timeLimit = hard;
      d.softTimeLimit = soft;
    });
  }

  /** Whether {@code t} should retry the task by itself. */
  public boolean autoretries(Throwable t) {
    return autoretryFor.stream().anyMatch(c -> c.isInstance(t));
  }

  /**
   * The delay before automatic retry number {@code retries + 1}: the default delay, or with backoff
   * 2^retries seconds capped at the max, randomized below it when jitter is on.
   */
  public Duration autoretryDelay(int retries, java.util.random.RandomGenerator random) {
    if (!retryBackoff) {
      return defaultRetryDelay;
    }
    double seconds =
        Math.min(retryBackoffMax.toMillis() / 1000.0, Math.pow(2, Math.min(retries, 30)));
    if (retryJitter) {
      seconds = random.nextDouble() * seconds;
    }
    return Duration.ofMillis((long) (seconds * 1000));
  }
}
