package io.fennel.core.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Crontab parsing and next-run arithmetic: steps, names, month ends, leap days, DST, AND rule. */
class CrontabTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static Instant next(String cron, ZoneId zone, String after) {
    return Crontab.parse(cron, zone).nextAfter(Instant.parse(after)).orElseThrow();
  }

  @Test
  void givenAStepOfSevenMinutesWhenTheHourEndsThenItRestartsAtMinuteZero() {
    assertThat(next("*/7 * * * *", UTC, "2026-12-02T10:00:00Z"))
        .hasToString("2026-12-02T10:07:00Z");
    assertThat(next("*/7 * * * *", UTC, "2026-12-02T10:56:00Z"))
        .hasToString("2026-12-02T11:00:00Z");
    assertThat(next("*/7 * * * *", UTC, "2026-12-02T10:49:30Z"))
        .hasToString("2026-12-02T10:56:00Z");
  }

  @Test
  void givenTheThirtyFirstWhenAMonthIsShorterThenThatMonthIsSkipped() {
    assertThat(next("0 0 31 * *", UTC, "2026-01-31T00:00:00Z")).hasToString("2026-03-31T00:00:00Z");
    assertThat(next("0 0 31 * *", UTC, "2026-03-31T00:00:00Z")).hasToString("2026-05-31T00:00:00Z");
  }

  @Test
  void givenTheLeapDayWhenTheYearIsNotALeapYearThenTheNextLeapYearRuns() {
    assertThat(next("0 12 29 2 *", UTC, "2025-03-01T00:00:00Z"))
        .hasToString("2028-02-29T12:00:00Z");
    assertThat(next("0 12 29 feb *", UTC, "2028-02-29T12:00:00Z"))
        .hasToString("2032-02-29T12:00:00Z");
  }

  @Test
  void givenBothDayFieldsWhenRestrictedThenBothMustMatchAsCeleryDecides() {
    // Friday the 13th: 2026-02-13 is the first one after New Year.
    assertThat(next("0 0 13 * fri", UTC, "2026-01-01T00:00:00Z"))
        .hasToString("2026-02-13T00:00:00Z");
    assertThat(next("0 0 13 * 5", UTC, "2026-02-13T00:00:00Z")).hasToString("2026-03-13T00:00:00Z");
  }

  @Test
  void givenWeekdayNamesAndAWrappingRangeWhenParsedThenTheyMatchTheirDays() {
    // 2026-12-04 is a Friday; fri-mon wraps over the weekend.
    Crontab c = Crontab.parse("0 9 * * fri-mon", UTC);
    assertThat(c.nextAfter(Instant.parse("2026-12-03T12:00:00Z")).orElseThrow())
        .hasToString("2026-12-04T09:00:00Z");
    assertThat(c.nextAfter(Instant.parse("2026-12-07T09:00:00Z")).orElseThrow())
        .hasToString("2026-12-11T09:00:00Z");
    assertThat(next("0 9 * * Monday-Friday", UTC, "2026-12-05T00:00:00Z"))
        .hasToString("2026-12-07T09:00:00Z");
  }

  @Test
  void givenAWallTimeSkippedInSpringWhenDueThenItRunsOnceShiftedByTheGap() {
    // Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29: 02:30 runs at 03:30 CEST.
    Instant first = next("30 2 * * *", BERLIN, "2026-03-28T12:00:00Z");
    assertThat(first).hasToString("2026-03-29T01:30:00Z");
    assertThat(Crontab.parse("30 2 * * *", BERLIN).nextAfter(first).orElseThrow())
        .hasToString("2026-03-30T00:30:00Z");
    // New York jumps on 2026-03-08: 02:00 runs at 03:00 EDT.
    assertThat(next("0 2 * * *", NEW_YORK, "2026-03-07T12:00:00Z"))
        .hasToString("2026-03-08T07:00:00Z");
  }

  @Test
  void givenEveryQuarterHourWhenSpringSkipsAnHourThenEachRealQuarterRunsOnce() {
    Crontab c = Crontab.parse("*/15 * * * *", BERLIN);
    Instant t = Instant.parse("2026-03-29T00:45:00Z"); // 01:45 CET
    t = c.nextAfter(t).orElseThrow();
    assertThat(t).hasToString("2026-03-29T01:00:00Z"); // 03:00 CEST, once
    assertThat(c.nextAfter(t).orElseThrow()).hasToString("2026-03-29T01:15:00Z");
  }

  @Test
  void givenAWallTimeRepeatedInAutumnWhenTheHourIsFixedThenItRunsOnlyAtTheFirst() {
    // Europe/Berlin repeats 02:00-03:00 on 2026-10-25.
    Instant first = next("30 2 * * *", BERLIN, "2026-10-24T12:00:00Z");
    assertThat(first).hasToString("2026-10-25T00:30:00Z"); // 02:30 CEST
    assertThat(Crontab.parse("30 2 * * *", BERLIN).nextAfter(first).orElseThrow())
        .hasToString("2026-10-26T01:30:00Z"); // next day 02:30 CET
  }

  @Test
  void givenAnHourlyEntryWhenAutumnRepeatsAnHourThenItKeepsRunningEveryRealHour() {
    Crontab c = Crontab.parse("0 * * * *", BERLIN);
    Instant t = Instant.parse("2026-10-24T23:30:00Z");
    StringBuilder runs = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      t = c.nextAfter(t).orElseThrow();
      runs.append(t).append(' ');
    }
    assertThat(runs.toString().trim())
        .isEqualTo(
            "2026-10-25T00:00:00Z 2026-10-25T01:00:00Z 2026-10-25T02:00:00Z 2026-10-25T03:00:00Z");
  }

  @Test
  void givenBadFieldsWhenParsedThenTheErrorNamesFieldValueAndRule() {
    assertThatThrownBy(() -> Crontab.parse("61 * * * *", UTC))
        .hasMessageContaining("minute field '61'")
        .hasMessageContaining("out of range 0-59");
    assertThatThrownBy(() -> Crontab.parse("* * * *", UTC)).hasMessageContaining("has 4 fields");
    assertThatThrownBy(() -> Crontab.parse("0 0 * * 7", UTC))
        .hasMessageContaining("day of week field '7'")
        .hasMessageContaining("0 is Sunday");
    assertThatThrownBy(() -> Crontab.parse("5/15 * * * *", UTC))
        .hasMessageContaining("a step applies to '*' or a range");
    assertThatThrownBy(() -> Crontab.parse("*/0 * * * *", UTC))
        .hasMessageContaining("a step must be >= 1");
    assertThatThrownBy(() -> Crontab.parse("0 0 30 2 *", UTC)).hasMessageContaining("never runs");
    assertThatThrownBy(() -> Crontab.parse("0 0 * * funday", UTC))
        .hasMessageContaining("'funday' is not a number nor a name");
  }

  @Test
  void givenSchedulesWhenDescribedThenTheyReadAsWords() {
    assertThat(Crontab.parse("0 3 * * mon-fri", BERLIN).describe())
        .isEqualTo("at 03:00 on mon-fri (Europe/Berlin)");
    assertThat(Crontab.parse("*/7 * * * *", UTC).describe()).isEqualTo("every 7 minutes (Z)");
    assertThat(Interval.ofSeconds(30).describe()).isEqualTo("every 30 seconds");
    assertThat(Interval.ofSeconds(300).describe()).isEqualTo("every 5 minutes");
  }
}
