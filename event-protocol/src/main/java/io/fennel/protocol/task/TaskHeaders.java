package io.fennel.protocol.task;

import io.fennel.protocol.ProtocolException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The headers of a Celery protocol v2 task message; {@code extra} keeps, in order, headers this
 * version does not know (newer Celery fields) so they are written back rather than dropped.
 *
 * <p>{@code eta} and {@code expires} are kept as the ISO-8601 text on the wire; {@link
 * #etaInstant()} and {@link #expiresInstant()} parse them.
 */
public record TaskHeaders(
    String lang,
    String task,
    String id,
    String shadow,
    String eta,
    String expires,
    String group,
    Integer groupIndex,
    int retries,
    TimeLimit timelimit,
    String rootId,
    String parentId,
    String argsrepr,
    String kwargsrepr,
    String origin,
    boolean ignoreResult,
    List<String> stampedHeaders,
    Map<String, Object> stamps,
    Map<String, Object> extra) {

  /** The 16 protocol v2 headers in the order Celery writes them. */
  public static final List<String> STANDARD_ORDER =
      List.of(
          "lang",
          "task",
          "id",
          "shadow",
          "eta",
          "expires",
          "group",
          "group_index",
          "retries",
          "timelimit",
          "root_id",
          "parent_id",
          "argsrepr",
          "kwargsrepr",
          "origin",
          "ignore_result");

  /** Every header name this record has a component for. */
  public static final Set<String> KNOWN =
      Set.of(
          "lang",
          "task",
          "id",
          "shadow",
          "eta",
          "expires",
          "group",
          "group_index",
          "retries",
          "timelimit",
          "root_id",
          "parent_id",
          "argsrepr",
          "kwargsrepr",
          "origin",
          "ignore_result",
          "stamped_headers",
          "stamps");

  public TaskHeaders {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(id, "id");
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, was " + retries);
    }
    timelimit = timelimit == null ? TimeLimit.NONE : timelimit;
    stampedHeaders = stampedHeaders == null ? null : List.copyOf(stampedHeaders);
    stamps = stamps == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(stamps));
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    for (String name : extra.keySet()) {
      if (KNOWN.contains(name)) {
        throw new IllegalArgumentException("extra header '" + name + "' has its own component");
      }
    }
  }

  /** Headers for a fresh call: lang "py", no retries, no limits, root id = id, empty reprs. */
  public static TaskHeaders of(String task, String id) {
    return builder(task, id).build();
  }

  /** {@link #of(String, String)} with an {@code origin} ({@link TaskMessages#origin}). */
  public static TaskHeaders of(String task, String id, String origin) {
    return builder(task, id).origin(origin).build();
  }

  /** A builder with the defaults of {@link #of(String, String)}. */
  public static TaskHeadersBuilder builder(String task, String id) {
    return new TaskHeadersBuilder(task, id);
  }

  /** A builder holding this record's values. */
  public TaskHeadersBuilder toBuilder() {
    return new TaskHeadersBuilder(this);
  }

  /** A copy with {@code eta} set to {@code when} (or cleared when null). */
  public TaskHeaders withEta(Instant when) {
    return toBuilder().eta(when == null ? null : formatInstant(when)).build();
  }

  /** A copy with {@code expires} set to {@code when} (or cleared when null). */
  public TaskHeaders withExpires(Instant when) {
    return toBuilder().expires(when == null ? null : formatInstant(when)).build();
  }

  /** A copy with another retry count. */
  public TaskHeaders withRetries(int newRetries) {
    return toBuilder().retries(newRetries).build();
  }

  /** A copy with another parent id. */
  public TaskHeaders withParentId(String newParentId) {
    return toBuilder().parentId(newParentId).build();
  }

  /** A copy with another root id. */
  public TaskHeaders withRootId(String newRootId) {
    return toBuilder().rootId(newRootId).build();
  }

  /** A copy in group {@code groupId} at {@code index} (null for a plain group). */
  public TaskHeaders withGroup(String groupId, Integer index) {
    return toBuilder().group(groupId).groupIndex(index).build();
  }

  /** A copy with other time limits. */
  public TaskHeaders withTimelimit(TimeLimit newLimit) {
    return toBuilder().timelimit(newLimit).build();
  }

  /** A copy with another origin. */
  public TaskHeaders withOrigin(String newOrigin) {
    return toBuilder().origin(newOrigin).build();
  }

  /** A copy with {@code argsrepr}/{@code kwargsrepr} computed from {@code body}. */
  public TaskHeaders withReprsOf(TaskBody body) {
    return toBuilder()
        .argsrepr(io.fennel.protocol.repr.PythonRepr.argsRepr(body.args()))
        .kwargsrepr(io.fennel.protocol.repr.PythonRepr.kwargsRepr(body.kwargs()))
        .build();
  }

  /** The eta as an instant, if set; a {@link ProtocolException} if it is not ISO-8601. */
  public Optional<Instant> etaInstant() {
    return Optional.ofNullable(parseInstant("headers.eta", eta));
  }

  /** The expiry as an instant, if set; a {@link ProtocolException} if it is not ISO-8601. */
  public Optional<Instant> expiresInstant() {
    return Optional.ofNullable(parseInstant("headers.expires", expires));
  }

  /**
   * Celery's text for an instant, as Python's {@code datetime.isoformat()} of an aware UTC
   * datetime: {@code 2030-01-02T03:04:05.678901+00:00} (microseconds; Python leaves out the
   * fraction when it is zero, and so does this).
   */
  public static String formatInstant(Instant when) {
    return isoMicros(LocalDateTime.ofInstant(when, ZoneOffset.UTC)) + "+00:00";
  }

  /** Python's {@code isoformat()} of a naive datetime: microseconds, fraction omitted when 0. */
  static String isoMicros(LocalDateTime t) {
    String base =
        String.format(
            "%04d-%02d-%02dT%02d:%02d:%02d",
            t.getYear(),
            t.getMonthValue(),
            t.getDayOfMonth(),
            t.getHour(),
            t.getMinute(),
            t.getSecond());
    int micros = t.getNano() / 1000;
    return micros == 0 ? base : base + String.format(".%06d", micros);
  }

  /**
   * Parses ISO-8601 date-time text as Celery writes it; text without an offset is taken as UTC.
   * Returns null for null.
   */
  public static Instant parseInstant(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              text, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime odt) {
        return odt.toInstant();
      }
      return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | ClassCastException e) {
      throw new ProtocolException(
          field,
          "is "
              + HeaderValues.describe(text)
              + "; expected an ISO-8601 date-time such as 2030-01-02T03:04:05.678901+00:00",
          e);
    }
  }
}
