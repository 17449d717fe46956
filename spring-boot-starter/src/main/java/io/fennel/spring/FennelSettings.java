package io.fennel.spring;

import io.fennel.core.config.FennelConfig;
import io.fennel.core.config.FennelConfigBuilder;
import io.fennel.core.error.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads Fennel's settings from Spring's environment: each Celery setting under {@code fennel.*},
 * with relaxed binding, so {@code task_acks_late} is {@code fennel.task-acks-late} (or {@code
 * fennel.taskAcksLate}, {@code fennel.task_acks_late}, or the variable {@code
 * FENNEL_TASK_ACKS_LATE}), and a {@code worker_*} setting may also be written under {@code
 * fennel.worker.} ({@code fennel.worker.send-task-events}). Properties under {@code fennel.*} that
 * Fennel does not interpret are kept under their Celery names, as {@code inspect conf} shows them.
 */
final class FennelSettings {
  static final String PREFIX = "fennel";

  /** The starter's own properties, which are not Celery settings. */
  static final Set<String> STARTER_PROPERTIES =
      Set.of(
          "fennel.enabled",
          "fennel.worker.enabled",
          "fennel.worker.node-name",
          "fennel.worker.queues",
          "fennel.worker.pool",
          "fennel.worker.shutdown-timeout");

  /** Property sources of the process rather than of the application's configuration. */
  private static final Set<String> PROCESS_SOURCES =
      Set.of(
          StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
          StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);

  private FennelSettings() {}

  /**
   * The names a Celery setting may be written under, canonical form first: {@code
   * fennel.task-acks-late}, its dotted form {@code fennel.task.acks.late} (what {@code
   * FENNEL_TASK_ACKS_LATE} binds to), and for {@code worker_*} settings {@code fennel.worker.*}.
   */
  static List<ConfigurationPropertyName> namesOf(String setting) {
    List<ConfigurationPropertyName> names = new ArrayList<>();
    names.add(ConfigurationPropertyName.of(PREFIX + "." + setting.replace('_', '-')));
    if (setting.startsWith("worker_")) {
      names.add(
          ConfigurationPropertyName.of(
              PREFIX + ".worker." + setting.substring("worker_".length()).replace('_', '-')));
    }
    names.add(ConfigurationPropertyName.of(PREFIX + "." + setting.replace('_', '.')));
    return names;
  }

  /** The Celery name of a property under {@code fennel.}: {@code fennel.foo-bar} is foo_bar. */
  static String settingOf(ConfigurationPropertyName name) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i < name.getNumberOfElements(); i++) {
      if (s.length() > 0) {
        s.append('_');
      }
      s.append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
    }
    return s.toString().replace('-', '_').toLowerCase(Locale.ROOT);
  }

  /**
   * The settings from the environment on Celery's defaults.
   *
   * @throws FennelPropertyException naming the property, the rule and the origin of a bad value
   */
  static FennelConfig read(Environment env) {
    FennelConfigBuilder b = FennelConfig.builder();
    apply(b, env);
    try {
      return b.build();
    } catch (ConfigException e) {
      throw new FennelPropertyException(firstNamed(e.getMessage()), e.getMessage(), null);
    }
  }

  /**
   * The property of the setting a message names first: {@code task_soft_time_limit (20.0) must not
   * exceed task_time_limit (10.0)} is about {@code fennel.task-soft-time-limit}.
   */
  static String firstNamed(String message) {
    String first = null;
    int at = Integer.MAX_VALUE;
    for (String setting : FennelConfig.KNOWN_SETTINGS) {
      int i = message.indexOf(setting);
      if (i >= 0 && (i < at || i == at && setting.length() > first.length())) {
        first = setting;
        at = i;
      }
    }
    return first == null ? PREFIX + ".*" : PREFIX + "." + first.replace('_', '-');
  }

  /** Applies every {@code fennel.*} setting in the environment to {@code b}. */
  static void apply(FennelConfigBuilder b, Environment env) {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(env);
    Binder binder = new Binder(sources);
    Set<ConfigurationPropertyName> claimed = new java.util.HashSet<>();
    for (String setting : FennelConfig.KNOWN_SETTINGS) {
      List<ConfigurationPropertyName> names = namesOf(setting);
      claimed.addAll(names);
      Found found = find(sources, binder, names);
      if (found != null) {
        set(b, setting, found);
      }
    }
    STARTER_PROPERTIES.forEach(p -> claimed.add(ConfigurationPropertyName.of(p)));
    for (Map.Entry<ConfigurationPropertyName, Found> e : others(sources, claimed).entrySet()) {
      set(b, settingOf(e.getKey()), e.getValue());
    }
  }

  /** Where {@code property} was set (a file and line, a variable), or null when unknown. */
  static Object origin(Environment env, String property) {
    ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
      ConfigurationProperty p = source.getConfigurationProperty(name);
      if (p != null) {
        return p.getOrigin();
      }
    }
    return null;
  }

  private static void set(FennelConfigBuilder b, String setting, Found found) {
    try {
      b.set(setting, found.value());
    } catch (ConfigException e) {
      throw new FennelPropertyException(found.name().toString(), e.getMessage(), found.origin());
    }
  }

  /** A value found in the environment, with the name it was found under and where it came from. */
  private record Found(ConfigurationPropertyName name, String value, Object origin) {}

  /**
   * The first value under any of {@code names}, sources in precedence order; a list (YAML's {@code
   * [a, b]} or indexed properties) comes back comma-separated.
   */
  private static Found find(
      Iterable<ConfigurationPropertySource> sources,
      Binder binder,
      List<ConfigurationPropertyName> names) {
    for (ConfigurationPropertySource source : sources) {
      for (ConfigurationPropertyName name : names) {
        ConfigurationProperty p = source.getConfigurationProperty(name);
        if (p != null && p.getValue() != null) {
          return new Found(name, String.valueOf(p.getValue()), p.getOrigin());
        }
      }
    }
    for (ConfigurationPropertyName name : names) {
      List<String> list = binder.bind(name, Bindable.listOf(String.class)).orElse(null);
      if (list != null) {
        return new Found(name, String.join(",", list), null);
      }
    }
    return null;
  }

  /**
   * The scalar properties under {@code fennel.} that no known setting claimed, from every source
   * but the process's environment and system properties (as Fennel's own reader takes only known
   * settings from the environment).
   */
  private static Map<ConfigurationPropertyName, Found> others(
      Iterable<ConfigurationPropertySource> sources, Set<ConfigurationPropertyName> claimed) {
    ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
    Map<ConfigurationPropertyName, Found> out = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : sources) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)
          || source.getUnderlyingSource() instanceof PropertySource<?> ps
              && PROCESS_SOURCES.contains(ps.getName())) {
        continue; // FENNEL_CLASSPATH, -Dfennel.root.dir: the launcher's, not settings
      }
      for (ConfigurationPropertyName name : iterable) {
        if (!prefix.isAncestorOf(name) || claimed.contains(name) || isIndexed(name)) {
          continue;
        }
        ConfigurationProperty p = iterable.getConfigurationProperty(name);
        if (p != null && p.getValue() != null) {
          out.putIfAbsent(name, new Found(name, String.valueOf(p.getValue()), p.getOrigin()));
        }
      }
    }
    return out;
  }

  private static boolean isIndexed(ConfigurationPropertyName name) {
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      if (name.isNumericIndex(i)) {
        return true;
      }
    }
    return false;
  }
}
