package io.fennel.monitor.pages;

import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.Params;
import io.fennel.monitor.state.TaskQuery;
import io.fennel.protocol.state.TaskState;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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

  /** The last page one may ask for: {@link Params#MAX_LIMIT} rows deep at most. */
  static final int MAX_PAGE = Params.MAX_LIMIT / PAGE_SIZE;

  /**
   * Reads the filters of a request through {@link Params}, the parser the API uses too.
   *
   * @throws ApiError 400 naming a bad value
   */
  static TaskFilter of(Context ctx) {
    Set<TaskState> states = Params.states(ctx, "state");
    if (states.size() > 1) {
      throw ApiError.badRequest("state must be one state, was " + states);
    }
    Integer page = Params.integer(ctx, "page", Integer.MIN_VALUE);
    TaskFilter f =
        new TaskFilter(
            states.isEmpty() ? null : states.iterator().next(),
            Params.get(ctx, "name"),
            Params.get(ctx, "worker"),
            Params.get(ctx, "from"),
            Params.get(ctx, "to"),
            Params.get(ctx, "search"),
            Params.sort(ctx, "sort"),
            page == null ? 1 : Math.max(1, Math.min(page, MAX_PAGE)),
            PAGE_SIZE);
    Params.time(ctx, "from");
    Params.time(ctx, "to");
    return f;
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
        Params.time("from", from),
        Params.time("to", to),
        search);
  }

  /** Whether rows arriving live may be put on top: first page, newest first, no text or times. */
  public boolean live() {
    return page == 1 && sort == null && search == null && from == null && to == null;
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
