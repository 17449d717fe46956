package io.fennel.monitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fennel.monitor.state.TaskSort;
import io.fennel.protocol.state.TaskState;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The console's one parser of request parameters, for the API and the pages alike: reads them the
 * way Flower's API accepts them (query string, form body or JSON body) and turns bad values into
 * {@link ApiError}s that name the value and what would be accepted.
 */
public final class Params {
  private static final String JSON_ATTR = "fennel.json.body";
  private static final DateTimeFormatter FLOWER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** The largest page a request may ask for ({@code limit}). */
  public static final int MAX_LIMIT = 10_000;

  private Params() {}

  /** A parameter from query, form or JSON body; null when absent or blank. */
  public static String get(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null && isForm(ctx)) {
      v = ctx.formParam(name);
    }
    if (v == null) {
      JsonNode n = json(ctx).get(name);
      if (n != null && !n.isNull()) {
        v = n.isValueNode() ? n.asText() : n.toString();
      }
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static boolean isForm(Context ctx) {
    String ct = ctx.contentType();
    return ct != null
        && (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/"));
  }

  /** The JSON body as a tree; an empty object when there is none. */
  public static JsonNode json(Context ctx) {
    JsonNode cached = ctx.attribute(JSON_ATTR);
    if (cached != null) {
      return cached;
    }
    JsonNode n = ApiJson.MAPPER.createObjectNode();
    String ct = ctx.contentType();
    String body = ct != null && ct.startsWith("application/json") ? ctx.body() : "";
    if (!body.isBlank()) {
      try {
        n = ApiJson.MAPPER.readTree(body);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
      }
      if (n == null || n instanceof NullNode) {
        n = ApiJson.MAPPER.createObjectNode();
      }
      if (!n.isObject()) {
        throw ApiError.badRequest("the JSON body must be an object, was " + excerpt(body));
      }
    }
    ctx.attribute(JSON_ATTR, n);
    return n;
  }

  public static Integer integer(Context ctx, String name, int min) {
    String v = get(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw ApiError.badRequest(name + " must be >= " + min + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a whole number, was '" + excerpt(v) + "'");
    }
  }

  /**
   * A page size: absent (null, meaning everything kept), or 0..{@value #MAX_LIMIT}. A request's
   * work and memory are bounded by what the console keeps, never by what it asks for.
   */
  public static Integer limit(Context ctx, String name) {
    Integer n = integer(ctx, name, 0);
    if (n != null && n > MAX_LIMIT) {
      throw ApiError.badRequest(
          name
              + " must be at most "
              + MAX_LIMIT
              + ", was "
              + n
              + "; page through with offset (e.g. "
              + name
              + "="
              + MAX_LIMIT
              + "&offset="
              + MAX_LIMIT
              + ")");
    }
    return n;
  }

  public static Double decimal(Context ctx, String name) {
    String v = get(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw ApiError.badRequest(name + " must be a number >= 0, was '" + excerpt(v) + "'");
      }
      return d;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a number of seconds, was '" + excerpt(v) + "'");
    }
  }

  public static boolean bool(Context ctx, String name) {
    String v = get(ctx, name);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw ApiError.badRequest(name + " must be true or false, was '" + excerpt(v) + "'");
    };
  }

  /**
   * A time as epoch seconds: a number (epoch seconds), ISO-8601 with offset, ISO local date-time
   * (UTC) or Flower's {@code yyyy-MM-dd HH:mm} (UTC).
   */
  public static Double time(Context ctx, String name) {
    return time(name, get(ctx, name));
  }

  /** Like {@link #time(Context, String)}, for a value already read; null stays null. */
  public static Double time(String name, String v) {
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // not a number; try the date formats
    }
    try {
      return Instant.parse(v).toEpochMilli() / 1000.0;
    } catch (DateTimeParseException ignored) {
      // try the next format
    }
    for (DateTimeFormatter f :
        new DateTimeFormatter[] {DateTimeFormatter.ISO_LOCAL_DATE_TIME, FLOWER_TIME}) {
      try {
        return LocalDateTime.parse(v, f).toInstant(ZoneOffset.UTC).toEpochMilli() / 1000.0;
      } catch (DateTimeParseException ignored) {
        // try the next format
      }
    }
    throw ApiError.badRequest(
        name
            + " must be epoch seconds, ISO-8601 (2024-05-01T10:00:00Z) or 'yyyy-MM-dd HH:mm', was '"
            + excerpt(v)
            + "'");
  }

  public static String excerpt(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /**
   * States named in {@code name}, comma-separated wire names ({@code SUCCESS,FAILURE}); empty when
   * absent.
   */
  public static Set<TaskState> states(Context ctx, String name) {
    String text = get(ctx, name);
    if (text == null) {
      return Set.of();
    }
    Set<TaskState> out = EnumSet.noneOf(TaskState.class);
    for (String part : text.split(",")) {
      String p = part.trim();
      if (!p.isEmpty()) {
        out.add(
            TaskState.fromWire(p)
                .orElseThrow(() ->
                    ApiError.badRequest(
                        name
                            + " must be one of "
                            + List.of(TaskState.values())
                            + ", was '"
                            + excerpt(p)
                            + "'")));
      }
    }
    return out;
  }

  /** A {@link TaskSort} key in {@code name} ({@code -} in front for descending), or null. */
  public static String sort(Context ctx, String name) {
    String sortBy = get(ctx, name);
    if (sortBy != null && !TaskSort.isValid(sortBy)) {
      throw ApiError.badRequest(
          name
              + " must be one of "
              + TaskSort.keys()
              + " (- in front for descending), was '"
              + excerpt(sortBy)
              + "'");
    }
    return sortBy;
  }
}
