package io.fennel.core.task;

import io.fennel.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.List;

/**
 * How one task behaves: rate limit, retry policy, acknowledgement and result handling. Null for a
 * tri-state setting means "use the app's setting".
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

  public TaskOptions withRateLimit(RateLimit r) {
    return new TaskOptions(
        r,
        maxRetries,
        defaultRetryDelay,
        autoretryFor,
        retryBackoff,
        retryBackoffMax,
        retryJitter,
        acksLate,
        trackStarted,
        ignoreResult,
        timeLimit,
        softTimeLimit);
  }

  public TaskOptions withMaxRetries(int n) {
    return new TaskOptions(
        rateLimit,
        n,
        defaultRetryDelay,
        autoretryFor,
        retryBackoff,
        retryBackoffMax,
        retryJitter,
        acksLate,
        trackStarted,
        ignoreResult,
        timeLimit,
        softTimeLimit);
  }

  public TaskOptions withDefaultRetryDelay(Duration d) {
    return new TaskOptions(
        rateLimit,
        maxRetries,
        d,
        autoretryFor,
        retryBackoff,
        retryBackoffMax,
        retryJitter,
        acksLate,
        trackStarted,
        ignoreResult,
        timeLimit,
        softTimeLimit);
  }

  public TaskOptions withAutoretry(
      List<Class<? extends Throwable>> types,
      boolean backoff,
      Duration backoffMax,
      boolean jitter) {
    return new TaskOptions(
        rateLimit,
        maxRetries,
        defaultRetryDelay,
        types,
        backoff,
        backoffMax,
        jitter,
        acksLate,
        trackStarted,
        ignoreResult,
        timeLimit,
        softTimeLimit);
  }

  public TaskOptions withAcksLate(Boolean b) {
    return new TaskOptions(
        rateLimit,
        maxRetries,
        defaultRetryDelay,
        autoretryFor,
        retryBackoff,
        retryBackoffMax,
        retryJitter,
        b,
        trackStarted,
        ignoreResult,
        timeLimit,
        softTimeLimit);
  }

  public TaskOptions withTrackStarted(Boolean b) {
    return new TaskOptions(
        rateLimit,
        maxRetries,
        defaultRetryDelay,
        autoretryFor,
        retryBackoff,
        retryBackoffMax,
        retryJitter,
        acksLate,
        b,
        ignoreResult,
        timeLimit,
        softTimeLimit);
  }

  public TaskOptions withIgnoreResult(boolean b) {
    return new TaskOptions(
        rateLimit,
        maxRetries,
        defaultRetryDelay,
        autoretryFor,
        retryBackoff,
        retryBackoffMax,
        retryJitter,
        acksLate,
        trackStarted,
        b,
        timeLimit,
        softTimeLimit);
  }

  /** Hard and soft time limits in seconds (null for none). */
  public TaskOptions withTimeLimits(Double hard, Double soft) {
    return new TaskOptions(
        rateLimit,
        maxRetries,
        defaultRetryDelay,
        autoretryFor,
        retryBackoff,
        retryBackoffMax,
        retryJitter,
        acksLate,
        trackStarted,
        ignoreResult,
        hard,
        soft);
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
