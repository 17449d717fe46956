package io.fennel.core.ratelimit;

import java.util.function.LongSupplier;

/**
 * A token bucket, as a Celery worker keeps one per task name: capacity one second's worth of tokens
 * (at least one), refilled continuously. Time comes from an injected nanosecond source, so tests
 * run without sleeping. Not thread-safe; the worker calls it from its scheduling thread.
 */
public final class TokenBucket {
  private final LongSupplier nanoTime;
  private RateLimit rate;
  private double tokens;
  private long last;

  public TokenBucket(RateLimit rate, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.rate = rate;
    this.tokens = capacity();
    this.last = nanoTime.getAsLong();
  }

  private double capacity() {
    return 1.0;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity(), tokens + (now - last) / 1e9 * rate.perSecond());
    last = now;
  }

  /** Takes one token if there is one. */
  public boolean tryTake() {
    if (!rate.limited()) {
      return true;
    }
    refill();
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return true;
    }
    return false;
  }

  /** Nanoseconds until a token will be there (0 when one is there now). */
  public long nanosUntilNextToken() {
    if (!rate.limited()) {
      return 0;
    }
    refill();
    return tokens >= 1.0 ? 0 : (long) Math.ceil((1.0 - tokens) / rate.perSecond() * 1e9);
  }

  /** Changes the rate; tokens already saved stay, up to the new capacity. */
  public void setRate(RateLimit newRate) {
    refill();
    rate = newRate;
    tokens = Math.min(tokens, capacity());
  }

  public RateLimit rate() {
    return rate;
  }
}
