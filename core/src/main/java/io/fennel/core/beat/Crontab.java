package io.fennel.core.beat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * A five-field crontab ({@code minute hour day-of-month month day-of-week}) read in a time zone.
 *
 * <p>A time matches when every field matches, day of month AND day of week, as Celery's {@code
 * crontab} decides (classic cron would take either day field when both are restricted). Daylight
 * saving: a wall time that a spring change skips runs once, shifted forward by the gap (02:30 in
 * Europe/Berlin on the last Sunday of March runs at 03:30 CEST); a wall time that an autumn change
 * repeats runs once, at its first occurrence, unless the hour field is {@code *}, in which case
 * both occurrences run (the entry keeps running every hour through the repeated hour).
 */
public record Crontab(
    String expression,
    ZoneId zone,
    long minutes,
    long hours,
    long daysOfMonth,
    long months,
    long daysOfWeek)
    implements Schedule {

  /** How many years ahead a search for the next run looks (the longest leap-day cycle is 28). */
  private static final int SEARCH_DAYS = 366 * 29;

  /**
   * Parses {@code expression} in {@code zone}.
   *
   * @throws BeatConfigException naming the field, the value and the rule it breaks
   */
  public static Crontab parse(String expression, ZoneId zone) {
    String[] f = expression.trim().split("\\s+");
    if (f.length != 5) {
      throw new BeatConfigException(
          "crontab '"
              + expression
              + "' has "
              + f.length
              + " fields; it takes five: minute hour day-of-month month day-of-week, e.g."
              + " '0 3 * * mon-fri'");
    }
    Crontab c =
        new Crontab(
            String.join(" ", f),
            zone,
            CronField.MINUTE.parse(f[0]),
            CronField.HOUR.parse(f[1]),
            CronField.DAY_OF_MONTH.parse(f[2]),
            CronField.MONTH.parse(f[3]),
            CronField.DAY_OF_WEEK.parse(f[4]));
    c.checkSomeDateMatches();
    return c;
  }

  private void checkSomeDateMatches() {
    for (Month m : Month.values()) {
      if ((months & (1L << m.getValue())) == 0) {
        continue;
      }
      for (int d = 1; d <= m.maxLength(); d++) {
        if ((daysOfMonth & (1L << d)) != 0) {
          return;
        }
      }
    }
    throw new BeatConfigException(
        "crontab '"
            + expression
            + "' never runs: no month it names has a day of month it names; pick days that exist"
            + " in those months");
  }

  @Override
  public Optional<Instant> nextAfter(Instant last) {
    LocalDate day = last.atZone(zone).toLocalDate().minusDays(1);
    for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
      Instant found = firstOnDay(day, last);
      if (found != null) {
        // A transition at midnight can put the next day's first run before this one's last.
        Instant next = firstOnDay(day.plusDays(1), last);
        return Optional.of(next != null && next.isBefore(found) ? next : found);
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate d) {
    int dow = d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue();
    return (months & (1L << d.getMonthValue())) != 0
        && (daysOfMonth & (1L << d.getDayOfMonth())) != 0
        && (daysOfWeek & (1L << dow)) != 0;
  }

  private Instant firstOnDay(LocalDate day, Instant after) {
    if (!dayMatches(day)) {
      return null;
    }
    ZoneRules rules = zone.getRules();
    boolean everyHour = hours == CronField.HOUR.all();
    Instant best = null;
    for (int h = 0; h < 24; h++) {
      if ((hours & (1L << h)) == 0) {
        continue;
      }
      for (int m = 0; m < 60; m++) {
        if ((minutes & (1L << m)) == 0) {
          continue;
        }
        LocalDateTime wall = day.atTime(h, m);
        List<ZoneOffset> offsets = rules.getValidOffsets(wall);
        Instant candidate;
        if (offsets.isEmpty()) {
          candidate = ZonedDateTime.ofLocal(wall, zone, null).toInstant(); // shifted past the gap
          best = earliestAfter(best, candidate, after);
        } else {
          best = earliestAfter(best, wall.toInstant(offsets.get(0)), after);
          if (offsets.size() > 1 && everyHour) {
            best = earliestAfter(best, wall.toInstant(offsets.get(1)), after);
          }
        }
      }
    }
    return best;
  }

  private static Instant earliestAfter(Instant best, Instant candidate, Instant after) {
    if (!candidate.isAfter(after)) {
      return best;
    }
    return best == null || candidate.isBefore(best) ? candidate : best;
  }

  @Override
  public Instant anchor(Instant now) {
    return now;
  }

  @Override
  public String spec() {
    return expression;
  }

  @Override
  public String describe() {
    return CrontabWords.describe(this);
  }
}
