package io.fennel.monitor.pages;

import io.fennel.monitor.http.ApiError;
import io.fennel.monitor.state.TaskQuery;
import io.fennel.monitor.state.TaskSort;
import io.fennel.protocol.state.TaskState;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filters of the task list as the page's form sends them ({@code state}, {@code name}, {@code
 * worker}, {@code from}, {@code to}, {@code search}, {@code sort}, {@code page}), turned into a
 * server-side {@link TaskQuery} for one page of rows.
 *
 * @param state one state, or null for any
 * @param name a task name, or null
 * @param worker a worker node name, or null
 * @param from received at or after, as typed ({@code 2026-11-24T10:00}, UTC), or null
 * @param to received before, as typed, or null
 * @param search text to find in id, args, kwargs or result, or null
 * @param sort a {@link TaskSort} key, or null for newest first
 * @param page the 1-based page
 * @param size rows per page
 */
public record TaskFilter(
    TaskState state,
    String name,
    String worker,
    String from,
    String to,
    String search,
    String sort,
    int page,
    int size) {

  /** Rows per page. */
  public static final int PAGE_SIZE = 50;

  /**
   * Reads the filters of a request.
   *
   * @throws ApiError 400 naming a bad value
   */
  static TaskFilter of(Context ctx) {
    String stateText = param(ctx, "state");
    TaskState state = null;
    if (stateText != null) {
      state =
          TaskState.fromWire(stateText)
              .orElseThrow(() ->
                  ApiError.badRequest(
                      "state must be one of "
                          + List.of(TaskState.values())
                          + ", was "
                          + stateText));
    }
    String sort = param(ctx, "sort");
    if (sort != null && !TaskSort.isValid(sort)) {
      throw ApiError.badRequest("sort must be one of " + TaskSort.keys() + ", was " + sort);
    }
    int page = 1;
    String p = param(ctx, "page");
    if (p != null) {
      try {
        page = Math.max(1, Integer.parseInt(p));
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("page must be a whole number, was " + p);
      }
    }
    TaskFilter f =
        new TaskFilter(
            state,
            param(ctx, "name"),
            param(ctx, "worker"),
            param(ctx, "from"),
            param(ctx, "to"),
            param(ctx, "search"),
            sort,
            page,
            PAGE_SIZE);
    f.query();
    return f;
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The query for this page, one row more than shown (to know whether a next page exists). */
  TaskQuery query() {
    return new TaskQuery(
        size + 1,
        (page - 1) * size,
        sort,
        worker,
        name,
        state == null ? Set.of() : EnumSet.of(state),
        time("from", from),
        time("to", to),
        search);
  }

  /** Whether rows arriving live may be put on top: first page, newest first, no text or times. */
  public boolean live() {
    return page == 1 && sort == null && search == null && from == null && to == null;
  }

  private static Double time(String field, String v) {
    if (v == null) {
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException ignored) {
      // not epoch seconds
    }
    try {
      return Instant.parse(v).toEpochMilli() / 1000.0;
    } catch (DateTimeParseException ignored) {
      // not an instant
    }
    try {
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toEpochMilli() / 1000.0;
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(
          field + " must be a date and time like 2026-11-24T10:00 (UTC), was " + v);
    }
  }

  /** The query string of this filter at another page (or "" without filters). */
  public String href(int toPage) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("state", state == null ? null : state.name());
    m.put("name", name);
    m.put("worker", worker);
    m.put("from", from);
    m.put("to", to);
    m.put("search", search);
    m.put("sort", sort);
    m.put("page", toPage == 1 ? null : Integer.toString(toPage));
    StringBuilder b = new StringBuilder("/tasks");
    char sep = '?';
    for (var e : m.entrySet()) {
      if (e.getValue() != null) {
        b.append(sep)
            .append(e.getKey())
            .append('=')
            .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    return b.toString();
  }
}
