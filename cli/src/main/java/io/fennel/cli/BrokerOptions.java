package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.config.FennelConfigBuilder;
import io.fennel.core.config.SettingsReader;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The options every subcommand that talks to a broker shares: broker, result backend and settings
 * file. Settings are taken, highest first, from these flags, then {@code FENNEL_*} environment
 * variables, then the settings file ({@code --config} or {@code FENNEL_CONFIG}), then Celery's
 * defaults.
 */
final class BrokerOptions {
  static final String CONFIG_VARIABLE = "FENNEL_CONFIG";

  @Option(
      names = {"-b", "--broker"},
      paramLabel = "URL",
      description = {
        "Broker URL (broker_url), e.g. amqp://guest:guest@localhost:5672// or memory://name.",
        "Default: $FENNEL_BROKER_URL, then the settings file, then amqp://localhost."
      })
  String broker;

  @Option(
      names = "--result-backend",
      paramLabel = "URL",
      description = {
        "Result backend URL (result_backend), e.g. redis://localhost:6379/1, rpc:// or memory://.",
        "Default: $FENNEL_RESULT_BACKEND, then the settings file, then none."
      })
  String resultBackend;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file (properties with Celery's names, e.g. broker_url=...). Default:"
              + " $FENNEL_CONFIG.")
  Path config;

  @Option(
      names = "--strict-config",
      description = "Refuse to start when the settings file names a setting Fennel does not know.")
  boolean strictConfig;

  /** The settings: flags over environment over file over defaults, then {@code overrides}. */
  FennelConfigBuilder settings(CliEnvironment env, Consumer<FennelConfigBuilder> overrides) {
    Path file = config;
    if (file == null && env.get(CONFIG_VARIABLE) != null && !env.get(CONFIG_VARIABLE).isBlank()) {
      file = Path.of(env.get(CONFIG_VARIABLE));
    }
    FennelConfigBuilder b = SettingsReader.read(file, env.variables(), strictConfig).toBuilder();
    if (broker != null) {
      b.brokerUrl(broker);
    }
    if (resultBackend != null) {
      b.resultBackend(resultBackend);
    }
    overrides.accept(b);
    return b;
  }

  /** An app with these settings; nothing is connected until it is used. */
  Fennel app(CliEnvironment env, Consumer<FennelConfigBuilder> overrides) {
    return Fennel.builder().config(settings(env, overrides).build()).build();
  }

  /** An app with these settings. */
  Fennel app(CliEnvironment env) {
    return app(env, b -> {});
  }
}
