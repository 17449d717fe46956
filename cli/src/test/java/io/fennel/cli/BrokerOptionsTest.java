package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.config.FennelConfig;
import io.fennel.core.error.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CLI takes broker and backend settings from: defaults, config file, environment, flags.
 */
class BrokerOptionsTest {
  @TempDir Path dir;

  private static CliEnvironment env(Map<String, String> vars) {
    return new CliEnvironment(vars, new ByteArrayInputStream(new byte[0]));
  }

  private Path file() throws IOException {
    Path f = dir.resolve("fennel.properties");
    Files.writeString(
        f, "broker_url=memory://from-file\nresult_backend=memory://file\nworker_concurrency=3\n");
    return f;
  }

  @Test
  void withNothingGivenCelerysDefaultsApply() {
    FennelConfig c = new BrokerOptions().settings(env(Map.of()), b -> {}).build();
    assertThat(c.brokerUrl()).isEqualTo("amqp://guest:guest@localhost:5672//");
    assertThat(c.resultBackend()).isNull();
  }

  @Test
  void theConfigFileIsReadWhenNothingElseSaysOtherwise() throws IOException {
    BrokerOptions o = new BrokerOptions();
    o.config = file();
    FennelConfig c = o.settings(env(Map.of()), b -> {}).build();
    assertThat(c.brokerUrl()).isEqualTo("memory://from-file");
    assertThat(c.workerConcurrency()).isEqualTo(3);
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile() throws IOException {
    BrokerOptions o = new BrokerOptions();
    CliEnvironment e =
        env(Map.of("FENNEL_CONFIG", file().toString(), "FENNEL_BROKER_URL", "memory://from-env"));
    FennelConfig c = o.settings(e, b -> {}).build();
    assertThat(c.brokerUrl()).isEqualTo("memory://from-env");
    assertThat(c.resultBackend()).isEqualTo("memory://file");
  }

  @Test
  void flagsWinOverTheEnvironment() {
    BrokerOptions o = new BrokerOptions();
    o.broker = "memory://from-flag";
    o.resultBackend = "memory://flag";
    FennelConfig c =
        o.settings(
                env(
                    Map.of(
                        "FENNEL_BROKER_URL",
                        "memory://from-env",
                        "FENNEL_RESULT_BACKEND",
                        "memory://env")),
                b -> {})
            .build();
    assertThat(c.brokerUrl()).isEqualTo("memory://from-flag");
    assertThat(c.resultBackend()).isEqualTo("memory://flag");
  }

  @Test
  void aMissingConfigFileIsNamed() {
    BrokerOptions o = new BrokerOptions();
    o.config = dir.resolve("nope.properties");
    assertThatThrownBy(() -> o.settings(env(Map.of()), b -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties");
  }

  @Test
  void aBadBrokerFlagSaysWhatAUrlLooksLike() {
    CliRun cli = new CliRun();
    assertThat(cli.execute("purge", "-b", "localhost")).isEqualTo(1);
    assertThat(cli.err()).contains("fennel: broker_url must be a URL such as amqp://");
  }
}
