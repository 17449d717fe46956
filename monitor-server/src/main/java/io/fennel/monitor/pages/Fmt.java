package io.fennel.monitor.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.monitor.api.ApiJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How pages write times, durations, loads and JSON (all UTC, all plain text for escaping). */
public final class Fmt {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Fmt() {}

  /** Epoch seconds as {@code 2026-11-24 10:00:01.123} (UTC); empty for null or 0. */
  public static String time(Double epochSeconds) {
    if (epochSeconds == null || epochSeconds <= 0) {
      return "";
    }
    return TIME.format(Instant.ofEpochMilli(Math.round(epochSeconds * 1000)));
  }

  /**
   * Seconds as {@code 123 µs}, {@code 4.56 ms}, {@code 12.3 ms}, {@code 1.25 s} or {@code 3 min 4
   * s}; empty for null or not finite.
   */
  public static String duration(Double seconds) {
    if (seconds == null || !Double.isFinite(seconds)) {
      return "";
    }
    double s = seconds;
    if (s < 0.001) {
      return Math.round(s * 1e6) + " \u00b5s";
    }
    if (s < 0.01) {
      return String.format(Locale.ROOT, "%.2f ms", s * 1000);
    }
    if (s < 1) {
      return String.format(Locale.ROOT, "%.1f ms", s * 1000);
    }
    if (s < 60) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    long whole = Math.round(s);
    return (whole / 60) + " min " + (whole % 60) + " s";
  }

  /** Whole seconds between {@code then} and {@code now} (epoch seconds), never negative. */
  public static long secondsSince(double then, double now) {
    return then <= 0 ? 0 : Math.max(0, Math.round(now - then));
  }

  /** Load averages as {@code 0.52 0.40 0.31}. */
  public static String load(List<Double> loadavg) {
    StringBuilder b = new StringBuilder();
    for (Double d : loadavg) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(String.format(Locale.ROOT, "%.2f", d));
    }
    return b.toString();
  }

  /** One URL path segment: a task id or worker name, percent-encoded. */
  public static String path(String segment) {
    return java.net.URLEncoder.encode(
            segment == null ? "" : segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** A task id shortened for tables: its first 8 characters and an ellipsis. */
  public static String shortId(String id) {
    return id == null ? "" : id.length() > 12 ? id.substring(0, 8) + "\u2026" : id;
  }

  /** Numbers as {@code 950}, {@code 9.5k}, {@code 30k}, {@code 1.2M}. */
  public static String compact(double n) {
    double a = Math.abs(n);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, a >= 1e7 ? "%.0fM" : "%.1fM", n / 1e6);
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, a >= 1e4 ? "%.0fk" : "%.1fk", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", n);
  }

  /** A ratio as a percentage, {@code 2.5 %}. */
  public static String percent(double r) {
    return String.format(Locale.ROOT, "%.1f %%", r * 100);
  }

  /** A value or an empty string for null. */
  public static String text(Object o) {
    return o == null ? "" : o.toString();
  }

  /** Indented JSON. */
  public static String pretty(JsonNode n) {
    try {
      return ApiJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      return String.valueOf(n);
    }
  }

  /** A JSON value as plain text: strings unquoted, others as JSON. */
  public static String plain(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode()
        ? ""
        : n.isTextual() ? n.asText() : n.toString();
  }
}
