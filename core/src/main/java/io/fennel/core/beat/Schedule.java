package io.fennel.core.beat;

import java.time.Instant;
import java.util.Optional;

/**
 * When a beat entry runs: every few seconds ({@link Interval}), on a five-field crontab in a time
 * zone ({@link Crontab}), or once at a given instant ({@link OneOff}).
 */
public sealed interface Schedule permits Interval, Crontab, OneOff {
  /**
   * The first run strictly after {@code last}; empty when there is none (a one-off that ran).
   *
   * @param last the previous run, or the anchor of an entry that never ran ({@link #anchor})
   */
  Optional<Instant> nextAfter(Instant last);

  /**
   * What an entry that never ran counts from: "now" for repeating schedules (the first run is the
   * first one after the beat first saw the entry, as Celery), the epoch for a one-off (so a missed
   * one-off still runs once).
   */
  Instant anchor(Instant now);

  /** The schedule as written in a settings file: seconds, a crontab, or an ISO instant. */
  String spec();

  /** The schedule in words, for the console and logs ("every 30 seconds"). */
  String describe();
}
