package io.fennel.core.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Beat entries from a settings file, keyed as Celery's beat_schedule, and their errors. */
class BeatSettingsTest {
  private static BeatSettings read(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return BeatSettings.of(p);
  }

  @Test
  void givenEntriesWithDotsInTheirNamesWhenReadThenEveryFieldIsKept() {
    BeatSettings s =
        read(
            """
            timezone=Europe/Berlin
            beat_schedule.add.every_10.task=demo.add
            beat_schedule.add.every_10.schedule=10
            beat_schedule.add.every_10.args=[2, 3]
            beat_schedule.add.every_10.kwargs={"z": null}
            beat_schedule.add.every_10.options.queue=beat
            beat_schedule.add.every_10.options.priority=5
            beat_schedule.add.every_10.options.expires=30
            beat_schedule.nightly.task=demo.report
            beat_schedule.nightly.schedule=0 3 * * mon-fri
            """);
    assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(s.entries()).hasSize(2);
    BeatEntry e = s.entries().get(0);
    assertThat(e.name()).isEqualTo("add.every_10");
    assertThat(e.schedule()).isEqualTo(new Interval(Duration.ofSeconds(10)));
    assertThat(e.args()).containsExactly(2, 3);
    assertThat(e.kwargs()).containsEntry("z", null);
    assertThat(e.queue()).isEqualTo("beat");
    assertThat(e.priority()).isEqualTo(5);
    assertThat(e.expires()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.entries().get(1).schedule().describe())
        .isEqualTo("at 03:00 on mon-fri (Europe/Berlin)");
  }

  @Test
  void givenBadEntriesWhenReadThenTheErrorNamesEntryValueAndRule() {
    assertThatThrownBy(
            () -> read("beat_schedule.x.task=demo.add\nbeat_schedule.x.schedule=0 25 * * *\n"))
        .hasMessageContaining("beat entry 'x'")
        .hasMessageContaining("0 25 * * *")
        .hasMessageContaining("out of range 0-23");
    assertThatThrownBy(() ->
            read(
                "beat_schedule.x.task=demo.add\nbeat_schedule.x.schedule=5\n"
                    + "beat_schedule.x.args={\"a\": 1}\n"))
        .hasMessageContaining("beat entry 'x'")
        .hasMessageContaining("must be a JSON list");
    assertThatThrownBy(() -> read("beat_schedule.x.task=demo.add\nbeat_schedule.x.schedule=soon\n"))
        .hasMessageContaining("schedule 'soon' is not seconds");
    assertThatThrownBy(() -> read("beat_schedule.x.schedule=5\n"))
        .hasMessageContaining("beat entry 'x' has no task");
    assertThatThrownBy(() -> read("beat_schedule.x.when=5\n"))
        .hasMessageContaining("'beat_schedule.x.when' is not a beat entry field");
    assertThatThrownBy(() -> read("timezone=Mars/Olympus\n"))
        .hasMessageContaining("timezone 'Mars/Olympus'");
  }
}
