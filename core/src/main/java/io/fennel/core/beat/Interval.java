package io.fennel.core.beat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Runs every {@code every}, counted from the previous run (Celery's {@code schedule}). */
public record Interval(Duration every) implements Schedule {
  public Interval {
    if (every == null || every.isNegative() || every.isZero()) {
      throw new BeatConfigException(
          "an interval must be a positive number of seconds, was " + every);
    }
  }

  /** An interval of {@code seconds} (fractions allowed). */
  public static Interval ofSeconds(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new BeatConfigException(
          "an interval must be a positive number of seconds, was " + seconds);
    }
    return new Interval(Duration.ofNanos(Math.round(seconds * 1_000_000_000L)));
  }

  @Override
  public Optional<Instant> nextAfter(Instant last) {
    return Optional.of(last.plus(every));
  }

  @Override
  public Instant anchor(Instant now) {
    return now;
  }

  @Override
  public String spec() {
    long ms = every.toMillis();
    return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
  }

  @Override
  public String describe() {
    long s = every.toSeconds();
    if (every.toMillis() % 1000 != 0) {
      return "every " + (every.toMillis() / 1000.0) + " seconds";
    }
    if (s % 86400 == 0) {
      return s == 86400 ? "every day" : "every " + (s / 86400) + " days";
    }
    if (s % 3600 == 0) {
      return s == 3600 ? "every hour" : "every " + (s / 3600) + " hours";
    }
    if (s % 60 == 0) {
      return s == 60 ? "every minute" : "every " + (s / 60) + " minutes";
    }
    return s == 1 ? "every second" : "every " + s + " seconds";
  }
}
