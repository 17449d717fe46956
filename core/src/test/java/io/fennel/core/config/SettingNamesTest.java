package io.fennel.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown setting names are reported with the closest known one; strict mode refuses them. */
class SettingNamesTest {
  @TempDir Path dir;

  @Test
  void givenATypoWhenReportedThenTheClosestKnownNameIsSuggested() {
    assertThat(SettingNames.unknown("task_acks_lat", FennelConfig.KNOWN_SETTINGS))
        .isEqualTo("unknown setting 'task_acks_lat'; did you mean task_acks_late?");
    assertThat(SettingNames.unknown("acept_content", FennelConfig.KNOWN_SETTINGS))
        .isEqualTo("unknown setting 'acept_content'; did you mean accept_content?");
  }

  @Test
  void givenANameFarFromEveryKnownOneWhenReportedThenNothingIsSuggested() {
    assertThat(SettingNames.unknown("colour_scheme", FennelConfig.KNOWN_SETTINGS))
        .isEqualTo("unknown setting 'colour_scheme' (Fennel ignores it)");
  }

  @Test
  void givenAFileWithATypoWhenReadThenOnlyTheUnknownNameIsReported() {
    Properties p = new Properties();
    p.setProperty("task_acks_lat", "true");
    p.setProperty("task.default.queue", "q");
    p.setProperty("accept_content", "json,msgpack");
    assertThat(SettingsReader.unknownNames(p))
        .containsExactly("unknown setting 'task_acks_lat'; did you mean task_acks_late?");
  }

  @Test
  void givenBeatEntriesAndBeatSettingsInTheFileWhenCheckedThenNoneIsUnknown() {
    Properties p = new Properties();
    p.setProperty("beat_schedule.cleanup.task", "tasks.cleanup");
    p.setProperty("beat_schedule.cleanup.schedule", "30");
    p.setProperty("beat.schedule.filename", "/tmp/beat.json");
    p.setProperty("timezone", "Europe/Paris");
    p.setProperty("beat_schedul.cleanup.task", "tasks.cleanup");

    assertThat(SettingsReader.unknownNames(p))
        .singleElement()
        .asString()
        .contains("beat_schedul_cleanup_task");
  }

  @Test
  void givenAFileWithATypoWhenReadStrictlyThenItIsAnErrorNamingTheFile() throws Exception {
    Path f = dir.resolve("fennel.properties");
    Files.writeString(f, "task_acks_lat=true\n");
    assertThat(SettingsReader.read(f, Map.of()).extra()).containsKey("task_acks_lat");
    assertThatThrownBy(() -> SettingsReader.read(f, Map.of(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'task_acks_lat'; did you mean task_acks_late?")
        .hasMessageContaining(f.toString())
        .hasMessageContaining("--strict-config");
  }

  @Test
  void givenTheNewWireSettingsWhenReadFromTheEnvironmentThenTheyAreTyped() {
    FennelConfig c =
        SettingsReader.read(
            null,
            Map.of(
                "FENNEL_ACCEPT_CONTENT", "json,msgpack,application/x-yaml",
                "FENNEL_TASK_SERIALIZER", "msgpack",
                "FENNEL_TASK_COMPRESSION", "gzip",
                "FENNEL_TASK_PROTOCOL", "1"));
    WireSettings w = WireSettings.of(c);
    assertThat(w.acceptContent())
        .containsExactlyInAnyOrder(
            io.fennel.protocol.serial.Content.JSON,
            io.fennel.protocol.serial.Content.MSGPACK,
            io.fennel.protocol.serial.Content.YAML);
    assertThat(w.resultAcceptContent()).isEqualTo(w.acceptContent());
    assertThat(w.taskSerializer()).isEqualTo(io.fennel.protocol.serial.Content.MSGPACK);
    assertThat(w.taskCompression()).isEqualTo(io.fennel.protocol.serial.Compression.ZLIB);
    assertThat(w.taskProtocol()).isEqualTo(1);
  }
}
