package io.fennel.agent.internal.events;

import io.fennel.core.time.Scheduler;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.event.EventFields;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Stamps the fields every event starts with: who sends it ({@code hostname}, {@code pid}, {@code
 * utcoffset}), the process's Lamport clock, advanced once per event, and the time from the injected
 * clock as float epoch seconds.
 *
 * <p>{@code utcoffset} follows Celery's (Python's {@code time.timezone}) convention: whole hours
 * <em>west</em> of UTC, rounded down, so a host on UTC+1 sends {@code -1}.
 */
public final class EventOrigin {
  private final String hostname;
  private final int pid;
  private final LamportClock lamport;
  private final Scheduler clock;
  private final ZoneId zone;

  public EventOrigin(
      String hostname, long pid, LamportClock lamport, Scheduler clock, ZoneId zone) {
    this.hostname = hostname;
    this.pid = (int) pid;
    this.lamport = lamport;
    this.clock = clock;
    this.zone = zone;
  }

  /** The fields of the next event sent by this node. */
  public EventFields next() {
    Instant now = clock.clock().instant();
    return EventFields.of(hostname, utcoffset(now), pid, lamport.forward(), epochSeconds(now));
  }

  /** The fields of the next event sent under another name (task-sent: {@code gen<pid>@host}). */
  public EventFields nextAs(String sender) {
    Instant now = clock.clock().instant();
    return EventFields.of(sender, utcoffset(now), pid, lamport.forward(), epochSeconds(now));
  }

  public String hostname() {
    return hostname;
  }

  public int pid() {
    return pid;
  }

  public LamportClock lamport() {
    return lamport;
  }

  /** Now, from the injected clock, in float epoch seconds. */
  public double now() {
    return epochSeconds(clock.clock().instant());
  }

  static double epochSeconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  private int utcoffset(Instant now) {
    int east = zone.getRules().getOffset(now).getTotalSeconds();
    return Math.floorDiv(-east, 3600);
  }
}
