package io.fennel.monitor.http;

import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.api.Paths;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.function.Consumer;

/**
 * The console's HTTP server (Javalin): the REST API on Flower's paths, {@code /metrics}, {@code
 * /healthcheck}, the event stream at {@code /api/events/stream} and a start page. Every error is
 * answered as JSON {@code {"error": "..."}}; a 500 also carries an {@code error_id} the log shows.
 */
public final class MonitorHttp implements AutoCloseable {
  private final Javalin javalin;

  private MonitorHttp(Javalin javalin) {
    this.javalin = javalin;
  }

  /** Starts serving {@code services} on {@code address}:{@code port} (0: any free port). */
  public static MonitorHttp start(ConsoleServices services, String address, int port) {
    return start(services, ServerSettings.plain(address, port), null);
  }

  /**
   * Like {@link #start(ConsoleServices, String, int)}, with {@code mount} adding what comes first
   * (an access check) and the pages, which then own {@code /} instead of the start page.
   */
  public static MonitorHttp start(
      ConsoleServices services, String address, int port, Consumer<JavalinConfig> mount) {
    return start(services, ServerSettings.plain(address, port), mount);
  }

  /**
   * Starts serving as {@code settings} say (TLS, prefix, timeouts); {@code mount} adds the access
   * check and the pages. Routes are registered in one place: {@link ConsoleRoutes}.
   */
  public static MonitorHttp start(
      ConsoleServices services, ServerSettings settings, Consumer<JavalinConfig> mount) {
    Javalin app =
        Javalin.create(config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.router.contextPath = settings.prefix().isEmpty() ? "/" : settings.prefix();
          Connectors.configure(config, settings);
          config.routes.before(MonitorHttp::apiHeaders);
          if (mount != null) {
            mount.accept(config);
          } else {
            config.routes.get("/", ctx -> startPage(ctx, services));
          }
          ConsoleRoutes.register(config.routes, services);
          config.routes.exception(
              ApiError.class,
              (e, ctx) -> {
                ctx.status(e.status());
                e.headers().forEach(ctx::header);
                Http.json(ctx, ApiJson.error(e.getMessage()));
              });
          config.routes.exception(Exception.class, ServerErrors::exception);
          config.router.javaLangErrorHandler(ServerErrors::error);
          config.routes.exception(
              io.javalin.router.EndpointNotFound.class,
              (e, ctx) -> {
                ctx.status(404);
                Http.json(
                    ctx, ApiJson.error("no such endpoint: " + ctx.method() + " " + ctx.path()));
              });
          config.routes.exception(
              io.javalin.http.HttpResponseException.class,
              (e, ctx) -> {
                ctx.status(e.getStatus());
                Http.json(ctx, ApiJson.error(e.getMessage()));
              });
        });
    app.start();
    return new MonitorHttp(app);
  }

  /** The API, metrics and health answers are never cached and never sniffed as another type. */
  private static void apiHeaders(Context ctx) {
    String p = Paths.local(ctx);
    if (!p.startsWith("/static/") && !p.startsWith("/webjars/")) {
      ctx.header("Cache-Control", "no-store");
      ctx.header("X-Content-Type-Options", "nosniff");
    }
  }

  private static void startPage(Context ctx, ConsoleServices s) {
    String history =
        s.history() == null
            ? "in memory only (pass --history redis://... to keep it across restarts)"
            : escape(s.history());
    String html =
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Fennel console</title></head>
        <body>
        <h1>Fennel console is running</h1>
        <p>%d workers known, %d tasks kept (newest %d). History: %s.</p>
        <ul>
        <li><a href="/api/workers">/api/workers</a></li>
        <li><a href="/api/tasks?limit=100">/api/tasks</a></li>
        <li><a href="/api/task/types">/api/task/types</a></li>
        <li><a href="/api/queues/length">/api/queues/length</a></li>
        <li><a href="/api/events/stream">/api/events/stream</a> (server-sent events)</li>
        <li><a href="/metrics">/metrics</a></li>
        <li><a href="/healthcheck">/healthcheck</a></li>
        </ul>
        </body></html>
        """
            .formatted(
                s.state().workerNames().size(),
                s.state().taskCount(),
                s.state().maxTasks(),
                history);
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The port it listens on. */
  public int port() {
    return javalin.port();
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
