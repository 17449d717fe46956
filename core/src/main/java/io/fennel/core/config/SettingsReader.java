package io.fennel.core.config;

import io.fennel.core.error.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads settings under Celery's names from a properties file and from the environment ({@code
 * FENNEL_BROKER_URL} for {@code broker_url}, and so on); the environment wins over the file.
 */
public final class SettingsReader {
  private SettingsReader() {}

  /** The environment variable for a setting: {@code broker_url} is {@code FENNEL_BROKER_URL}. */
  public static String envName(String setting) {
    return "FENNEL_" + setting.toUpperCase(Locale.ROOT);
  }

  /** Applies the properties (keys are Celery names, dots allowed for underscores) to a builder. */
  public static FennelConfigBuilder apply(FennelConfigBuilder b, Properties props) {
    for (String key : props.stringPropertyNames()) {
      b.set(key.replace('.', '_'), props.getProperty(key));
    }
    return b;
  }

  /** Applies every {@code FENNEL_<SETTING>} variable of a known setting. */
  public static FennelConfigBuilder applyEnvironment(
      FennelConfigBuilder b, Map<String, String> env) {
    for (String setting : FennelConfig.KNOWN_SETTINGS) {
      String v = env.get(envName(setting));
      if (v != null) {
        b.set(setting, v);
      }
    }
    return b;
  }

  /**
   * Settings from a file (optional) and then the environment.
   *
   * @throws ConfigException when the file cannot be read or a value is bad
   */
  public static FennelConfig read(Path file, Map<String, String> env) {
    FennelConfigBuilder b = FennelConfig.builder();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read settings file " + file + " (" + e.getMessage() + "); check the path");
      }
      apply(b, p);
    }
    applyEnvironment(b, env);
    return b.build();
  }
}
