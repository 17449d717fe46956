package io.fennel.core.beat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads a schedule as written in a settings file: a number of seconds ({@code 30}, {@code 0.5}), a
 * five-field crontab ({@code 0 3 * * mon-fri}) or a one-off ISO date-time ({@code
 * 2026-12-24T18:00}, read in the beat's zone unless it carries an offset).
 */
public final class Schedules {
  private Schedules() {}

  /**
   * Parses {@code text} with {@code zone} for crontabs and one-offs without an offset.
   *
   * @throws BeatConfigException naming the value and what the field takes
   */
  public static Schedule parse(String text, ZoneId zone) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      throw new BeatConfigException(
          "schedule is empty; write seconds (30), a crontab ('0 3 * * *') or an ISO date-time"
              + " (2026-12-24T18:00)");
    }
    if (t.split("\\s+").length > 1) {
      return Crontab.parse(t, zone);
    }
    if (t.matches("[0-9]+(\\.[0-9]+)?")) {
      return Interval.ofSeconds(Double.parseDouble(t));
    }
    if (t.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
      return new OneOff(instant(t, zone));
    }
    throw new BeatConfigException(
        "schedule '"
            + t
            + "' is not seconds (30), a five-field crontab ('0 3 * * *') nor an ISO date-time"
            + " (2026-12-24T18:00)");
  }

  private static Instant instant(String t, ZoneId zone) {
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(t).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw new BeatConfigException(
            "schedule '"
                + t
                + "' is not an ISO date-time such as 2026-12-24T18:00 or"
                + " 2026-12-24T18:00:00+01:00 ("
                + e.getMessage()
                + ")");
      }
    }
  }
}
