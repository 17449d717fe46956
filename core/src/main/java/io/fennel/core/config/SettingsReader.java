package io.fennel.core.config;

import io.fennel.core.error.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads settings under Celery's names from a properties file and from the environment ({@code
 * FENNEL_BROKER_URL} for {@code broker_url}, and so on); the environment wins over the file.
 */
public final class SettingsReader {
  private static final Logger log = LoggerFactory.getLogger(SettingsReader.class);

  /**
   * Settings beat reads from the same file (io.fennel.core.beat.BeatSettings, which depends on this
   * package, not the reverse): its entries {@code beat_schedule.NAME.FIELD} and these names.
   */
  private static final String BEAT_ENTRY_PREFIX = "beat_schedule.";

  private static final List<String> BEAT_SETTINGS = List.of("timezone", "beat_schedule_filename");

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
   * Settings from a file (optional) and then the environment; a name in the file that Fennel does
   * not know is logged as a warning with the closest known name.
   *
   * @throws ConfigException when the file cannot be read or a value is bad
   */
  public static FennelConfig read(Path file, Map<String, String> env) {
    return read(file, env, false);
  }

  /**
   * As {@link #read(Path, Map)}; with {@code strict} ({@code --strict-config}) an unknown name in
   * the file is an error instead of a warning.
   *
   * @throws ConfigException when the file cannot be read, a value is bad, or (strict) a name is
   *     unknown
   */
  public static FennelConfig read(Path file, Map<String, String> env, boolean strict) {
    FennelConfigBuilder b = FennelConfig.builder();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read settings file " + file + " (" + e.getMessage() + "); check the path");
      }
      for (String problem : unknownNames(p)) {
        if (strict) {
          throw new ConfigException(problem + " in " + file + " (refused by --strict-config)");
        }
        log.warn("{} in {}", problem, file);
      }
      apply(b, p);
    }
    applyEnvironment(b, env);
    return b.build();
  }

  /** One message per key of {@code props} that is not a known setting, with the closest one. */
  public static List<String> unknownNames(Properties props) {
    return props.stringPropertyNames().stream()
        .sorted()
        .filter(k -> !k.startsWith(BEAT_ENTRY_PREFIX))
        .map(k -> k.replace('.', '_'))
        .filter(k -> !BEAT_SETTINGS.contains(k))
        .filter(k -> !FennelConfig.KNOWN_SETTINGS.contains(k))
        .map(k -> SettingNames.unknown(k, FennelConfig.KNOWN_SETTINGS))
        .toList();
  }
}
