package io.fennel.core.beat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.error.ConfigException;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The beat's part of a settings file, read from the raw properties because entry names may hold
 * dots and underscores: {@code timezone} (default UTC), {@code beat_schedule_filename} (where run
 * state is kept) and the entries, keyed as Celery's {@code beat_schedule} dict ({@code
 * beat_schedule.NAME.task}, {@code .schedule}, {@code .args}, {@code .kwargs}, {@code
 * .options.queue}, {@code .options.priority}, {@code .options.expires}).
 *
 * @param store {@code beat_schedule_filename}, or null when unset
 */
public record BeatSettings(ZoneId zone, List<BeatEntry> entries, String store) {
  static final String PREFIX = "beat_schedule.";
  private static final List<String> FIELDS =
      List.of(
          "task",
          "schedule",
          "args",
          "kwargs",
          "options.queue",
          "options.priority",
          "options.expires");

  public BeatSettings {
    entries = List.copyOf(entries);
  }

  /**
   * Reads a properties file (optional) and the environment ({@code FENNEL_TIMEZONE}, {@code
   * FENNEL_BEAT_SCHEDULE_FILENAME} win over the file).
   *
   * @throws BeatConfigException naming the entry, the value and the rule, for a bad entry
   */
  public static BeatSettings read(Path file, Map<String, String> env) {
    Properties p = new Properties();
    if (file != null) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException(
            "cannot read settings file " + file + " (" + e.getMessage() + "); check the path");
      }
    }
    for (String name : List.of("timezone", "beat_schedule_filename")) {
      String v = env.get("FENNEL_" + name.toUpperCase(java.util.Locale.ROOT));
      if (v != null && !v.isBlank()) {
        p.setProperty(name, v);
      }
    }
    return of(p);
  }

  /** Reads the beat's settings from properties. */
  public static BeatSettings of(Properties p) {
    ZoneId zone = zone(p.getProperty("timezone", "UTC").trim());
    Map<String, Map<String, String>> raw = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String rest = key.substring(PREFIX.length());
      String field = FIELDS.stream().filter(f -> rest.endsWith("." + f)).findFirst().orElse(null);
      if (field == null || rest.length() == field.length() + 1) {
        throw new BeatConfigException(
            "setting '"
                + key
                + "' is not a beat entry field; write beat_schedule.NAME.FIELD with FIELD one of "
                + String.join(", ", FIELDS));
      }
      String name = rest.substring(0, rest.length() - field.length() - 1);
      raw.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(field, p.getProperty(key).trim());
    }
    List<BeatEntry> entries = new ArrayList<>();
    raw.forEach((name, fields) -> entries.add(entry(name, fields, zone)));
    String store = p.getProperty("beat_schedule_filename");
    return new BeatSettings(zone, entries, store == null || store.isBlank() ? null : store.trim());
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new BeatConfigException(
          "timezone '" + id + "' is not a time zone; use a name such as UTC or Europe/Berlin");
    }
  }

  private static BeatEntry entry(String name, Map<String, String> f, ZoneId zone) {
    String prefix = PREFIX + name + ".";
    Schedule schedule;
    try {
      schedule = f.get("schedule") == null ? null : Schedules.parse(f.get("schedule"), zone);
    } catch (BeatConfigException e) {
      throw new BeatConfigException(
          "beat entry '"
              + name
              + "': "
              + prefix
              + "schedule="
              + f.get("schedule")
              + ": "
              + e.getMessage());
    }
    JsonNode args = json(name, prefix + "args", f.get("args"), "a JSON list such as [2, 3]");
    if (args != null && !args.isArray()) {
      throw badJson(name, prefix + "args", f.get("args"), "must be a JSON list such as [2, 3]");
    }
    JsonNode kwargs =
        json(name, prefix + "kwargs", f.get("kwargs"), "a JSON object such as {\"x\": 1}");
    if (kwargs != null && !kwargs.isObject()) {
      throw badJson(
          name, prefix + "kwargs", f.get("kwargs"), "must be a JSON object such as {\"x\": 1}");
    }
    Integer priority = null;
    if (f.get("options.priority") != null) {
      try {
        priority = Integer.parseInt(f.get("options.priority"));
      } catch (NumberFormatException e) {
        throw badJson(
            name,
            prefix + "options.priority",
            f.get("options.priority"),
            "must be a whole number 0-9");
      }
    }
    Duration expires = null;
    if (f.get("options.expires") != null) {
      try {
        double s = Double.parseDouble(f.get("options.expires"));
        expires = Duration.ofMillis(Math.round(s * 1000));
      } catch (NumberFormatException e) {
        throw badJson(
            name,
            prefix + "options.expires",
            f.get("options.expires"),
            "must be a number of seconds");
      }
    }
    return new BeatEntry(
        name,
        f.get("task"),
        schedule,
        args == null ? List.of() : PythonJson.MAPPER.convertValue(args, LIST),
        kwargs == null ? Map.of() : PythonJson.MAPPER.convertValue(kwargs, MAP),
        f.get("options.queue"),
        priority,
        expires);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<List<Object>> LIST =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};
  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private static JsonNode json(String name, String key, String value, String expected) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return PythonJson.MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      throw badJson(name, key, value, "is not JSON; it must be " + expected);
    }
  }

  private static BeatConfigException badJson(String name, String key, String value, String rule) {
    return new BeatConfigException("beat entry '" + name + "': " + key + "=" + value + " " + rule);
  }
}
