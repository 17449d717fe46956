package io.fennel.monitor.api;

import io.javalin.http.Context;

/**
 * A request's path inside the console, without the {@code --url-prefix} it is served under, so
 * checks and links read the same at {@code /} and behind a proxy at {@code /ops}.
 */
public final class Paths {
  private Paths() {}

  /** {@code /api/tasks} for a request to {@code /ops/api/tasks} under prefix {@code /ops}. */
  public static String local(Context ctx) {
    String path = ctx.path();
    String prefix = prefix(ctx);
    return !prefix.isEmpty() && path.startsWith(prefix) ? path.substring(prefix.length()) : path;
  }

  /** The prefix the console is served under, "" at the root. */
  public static String prefix(Context ctx) {
    String cp = ctx.contextPath();
    return cp == null || cp.equals("/") ? "" : cp;
  }
}
