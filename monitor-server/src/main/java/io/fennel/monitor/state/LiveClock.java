package io.fennel.monitor.state;

import io.fennel.core.time.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that asks a {@link Scheduler} for the time on every read, so a manual scheduler's
 * {@code advance} is seen by everything holding the clock ({@code Scheduler.clock()} may hand out a
 * fixed snapshot).
 */
public final class LiveClock extends Clock {
  private final Scheduler scheduler;

  private LiveClock(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** The scheduler's time, read live. */
  public static Clock of(Scheduler scheduler) {
    return new LiveClock(scheduler);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return scheduler.clock().withZone(zone);
  }

  @Override
  public Instant instant() {
    return scheduler.clock().instant();
  }

  @Override
  public long millis() {
    return scheduler.clock().millis();
  }
}
