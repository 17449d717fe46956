package io.fennel.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings: Celery's defaults, fail-fast refusals naming the value, and file and environment
 * sources.
 */
class FennelConfigTest {
  @Test
  void defaultsAreCeleryDefaults() {
    FennelConfig c = FennelConfig.builder().build();
    assertThat(c.taskDefaultQueue()).isEqualTo("celery");
    assertThat(c.resultExpires()).isEqualTo(Duration.ofDays(1));
    assertThat(c.workerPrefetchMultiplier()).isEqualTo(4);
    assertThat(c.taskSerializer()).isEqualTo("json");
    assertThat(c.resultBackendUrl()).isEmpty();
    assertThat(c.workerConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "worker_prefetch_multiplier | 0 | worker_prefetch_multiplier must be >= 1, was 0",
        "worker_concurrency | -2 | worker_concurrency must be >= 1, was -2",
        "task_serializer | pickle | task_serializer must be json",
        "task_serializer | xml | was 'xml'",
        "accept_content | json,pickle | accept_content must not include pickle",
        "task_compression | lz4 | task_compression must be zlib, gzip or bzip2",
        "task_protocol | 3 | task_protocol must be 1 or 2, was '3'",
        "task_acks_late | maybe | task_acks_late must be true or false, was 'maybe'",
        "worker_concurrency | lots | worker_concurrency must be a whole number, was 'lots'",
        "task_default_rate_limit | fast | was 'fast'",
        "broker_url | localhost | broker_url must be a URL",
        "result_backend | redis | result_backend must be a URL",
        "result_expires | -5 | result_expires must be a positive duration",
        "task_queue_max_priority | 0 | task_queue_max_priority must be between 1 and 255",
      })
  void aBadSettingIsRefusedWithItsNameAndValue(String name, String value, String message) {
    assertThatThrownBy(() -> FennelConfig.builder().set(name, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aSoftLimitAboveTheHardLimitIsRefused() {
    assertThatThrownBy(
            () -> FennelConfig.builder().taskTimeLimit(5.0).taskSoftTimeLimit(10.0).build())
        .hasMessageContaining("task_soft_time_limit (10.0) must not exceed task_time_limit (5.0)");
  }

  @Test
  void theEnvironmentOverridesTheSettingsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("fennel.properties");
    Files.writeString(
        file,
        "broker_url=amqp://file//\ntask.acks.late=true\nworker_concurrency=3\ncustom_thing=x\n");
    FennelConfig c =
        SettingsReader.read(
            file,
            Map.of(
                "FENNEL_BROKER_URL", "redis://env:6379/0",
                "FENNEL_RESULT_BACKEND", "memory://"));
    assertThat(c.brokerUrl()).isEqualTo("redis://env:6379/0");
    assertThat(c.resultBackend()).isEqualTo("memory://");
    assertThat(c.taskAcksLate()).isTrue();
    assertThat(c.workerConcurrency()).isEqualTo(3);
    assertThat(c.extra()).containsEntry("custom_thing", "x");
    assertThat(c.asCeleryNames()).containsEntry("task_acks_late", true);
  }

  @Test
  void aMissingSettingsFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> SettingsReader.read(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void passwordsAreMaskedInShownSettings() {
    FennelConfig c = FennelConfig.builder().brokerUrl("amqp://user:secret@host:5672//").build();
    assertThat(c.asCeleryNames().get("broker_url")).isEqualTo("amqp://user:***@host:5672//");
  }

  @Test
  void publishConfirmIsPipelinedUnlessSetToWaitAndAnythingElseIsRefusedNamingBoth() {
    assertThat(BrokerSettings.of(FennelConfig.builder().build()).confirmWait()).isFalse();
    assertThat(
            BrokerSettings.of(FennelConfig.builder().set("task_publish_confirm", " Wait ").build())
                .confirmWait())
        .isTrue();
    assertThat(
            BrokerSettings.of(
                    FennelConfig.builder().set("task_publish_confirm", "pipelined").build())
                .confirmWait())
        .isFalse();
    assertThatThrownBy(() -> FennelConfig.builder().set("task_publish_confirm", "later"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'later'")
        .hasMessageContaining("pipelined")
        .hasMessageContaining("wait");
  }
}
