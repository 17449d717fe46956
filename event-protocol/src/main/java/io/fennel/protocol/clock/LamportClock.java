package io.fennel.protocol.clock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A Lamport logical clock as Celery keeps one per process: it goes up by one for every event or
 * control message sent, and jumps past any clock value received; thread-safe and lock-free.
 */
public final class LamportClock {
  private final AtomicLong value;

  /** A clock starting at 0, so the first {@link #forward()} returns 1 (as Celery's does). */
  public LamportClock() {
    this(0);
  }

  /** A clock starting at {@code initial}. */
  public LamportClock(long initial) {
    if (initial < 0) {
      throw new IllegalArgumentException("a Lamport clock starts at >= 0, was " + initial);
    }
    this.value = new AtomicLong(initial);
  }

  /** Advances the clock for a local event and returns the new value. */
  public long forward() {
    return value.incrementAndGet();
  }

  /**
   * Merges a clock value received from another process: the clock becomes {@code max(other, own) +
   * 1}, which is returned.
   */
  public long adjust(long other) {
    return value.updateAndGet(own -> Math.max(own, other) + 1);
  }

  /** The current value, without advancing. */
  public long value() {
    return value.get();
  }

  @Override
  public String toString() {
    return "LamportClock[" + value.get() + "]";
  }
}
