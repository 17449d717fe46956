package io.fennel.monitor.http;

import io.javalin.config.RoutesConfig;

/**
 * The one place the console's API routes are registered: health, metrics, the task and worker
 * endpoints and the event stream. A new feature adds its own class with a {@code register} method
 * and one line here (pages go in {@code Pages.mount}, likewise one line each).
 */
public final class ConsoleRoutes {
  private ConsoleRoutes() {}

  /** Registers every API route on {@code r}. */
  static void register(RoutesConfig r, ConsoleServices s) {
    r.get("/healthcheck", ctx -> ctx.contentType("text/plain").result("OK"));
    r.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(s.metrics().scrape()));
    new TaskApi(s).register(r);
    new WorkerApi(s).register(r);
    new StatsApi(s).register(r);
    new GraphApi(s).register(r);
    r.sse("/api/events/stream", s.hub()::connect);
    r.sse("/sse", s.hub()::connect);
  }
}
