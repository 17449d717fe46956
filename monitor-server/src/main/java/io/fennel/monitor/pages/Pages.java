package io.fennel.monitor.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.api.Paths;
import io.fennel.monitor.auth.AccessGuard;
import io.fennel.monitor.auth.CsrfTokens;
import io.fennel.monitor.http.ConsoleServices;
import io.fennel.monitor.queues.QueueSample;
import io.fennel.monitor.sse.CounterSample;
import io.fennel.monitor.state.TaskQuery;
import io.fennel.monitor.state.TaskView;
import io.fennel.monitor.state.TimelineEntry;
import io.fennel.monitor.state.WorkerView;
import io.fennel.protocol.state.TaskState;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's pages: overview ({@code /}), workers, one worker, tasks, one task and queues,
 * rendered from jte templates precompiled at build time, plus the static assets ({@code /static/}
 * from the {@code web} module, {@code /webjars/} for uPlot). Pages render what the state holds now;
 * their scripts keep them current from the one event stream.
 */
public final class Pages {
  /** Headers every page carries: no framing, no inline scripts, no sniffing, no caching. */
  private static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
              + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none';"
              + " form-action 'self'; base-uri 'none'",
          "X-Frame-Options",
          "DENY",
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "same-origin",
          "Cache-Control",
          "no-store");

  private static final List<String> INSPECT =
      List.of(
          "active_queues", "registered", "active", "reserved", "stats", "conf", "fennel_limits");

  private final ConsoleServices s;
  private final AccessGuard guard;
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  private Pages(ConsoleServices services, AccessGuard guard) {
    this.s = services;
    this.guard = guard;
  }

  /** Mounts the access guard, the pages and the assets on {@code config}. */
  public static void mount(JavalinConfig config, ConsoleServices services, AccessGuard guard) {
    Pages p = new Pages(services, guard);
    config.staticFiles.add(f -> {
      f.hostedPath = "/static";
      f.directory = "/fennel-web";
      f.location = Location.CLASSPATH;
      f.headers = Map.of("Cache-Control", "max-age=300");
    });
    config.staticFiles.enableWebjars();
    config.routes.before(guard::check);
    if (guard.sessions() instanceof io.fennel.monitor.auth.OidcLogin oidc) {
      oidc.register(config.routes);
    }
    config.routes.get("/", p::overview);
    config.routes.get("/workers", p::workers);
    config.routes.get("/worker/{name}", p::worker);
    config.routes.get("/tasks", p::tasks);
    config.routes.get("/task/{id}", p::task);
    config.routes.get("/queues", p::queues);
    config.routes.get("/types", p::types);
    config.routes.get("/timeline", p::timeline);
    SchedulePages.mount(config, services, guard);
  }

  private PageChrome chrome(Context ctx, String title, String nav) {
    return new PageChrome(
        title,
        nav,
        CsrfTokens.tokenFor(ctx),
        guard.readOnly(),
        guard.open(),
        s.history() == null,
        !s.loopback(),
        Paths.prefix(ctx),
        ctx.attribute(AccessGuard.USER_ATTR));
  }

  private void render(Context ctx, String template, Object model) {
    StringOutput out = new StringOutput();
    engine.render(template, model, out);
    HEADERS.forEach(ctx::header);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  private double now() {
    return s.hub().sample().timestamp();
  }

  private void overview(Context ctx) {
    List<WorkerView> workers = s.state().workers();
    long online = workers.stream().filter(WorkerView::online).count();
    List<TaskView> failures =
        s.state()
            .tasks(
                new TaskQuery(
                    10, 0, null, null, null, EnumSet.of(TaskState.FAILURE), null, null, null));
    render(
        ctx,
        "overview.jte",
        new OverviewPage(
            chrome(ctx, "Overview", "overview"),
            online,
            workers.size() - online,
            s.state().stateCounts(),
            s.state().taskCount(),
            s.state().maxTasks(),
            failures,
            ratesJson(s.hub().rateHistory()),
            queuesJson(false),
            workers));
  }

  private void workers(Context ctx) {
    render(
        ctx,
        "workers.jte",
        new WorkersPage(chrome(ctx, "Workers", "workers"), s.state().workers(), now()));
  }

  private void worker(Context ctx) {
    String name = ctx.pathParam("name");
    Optional<WorkerView> w = s.state().worker(name);
    if (w.isEmpty()) {
      notFound(ctx, "workers", "No worker named " + name + " is known to this console.");
      return;
    }
    Map<String, JsonNode> replies = new LinkedHashMap<>();
    if (w.get().online()) {
      replies.putAll(Inspection.ask(s.commands(), name, INSPECT));
    }
    Set<String> names = new java.util.TreeSet<>(s.state().taskNames());
    JsonNode registered = replies.get("registered");
    if (registered != null && registered.isArray()) {
      registered.forEach(n -> names.add(n.asText().split(" ", 2)[0]));
    }
    render(
        ctx,
        "worker.jte",
        new WorkerPage(chrome(ctx, name, "workers"), w.get(), now(), replies, names));
  }

  private void tasks(Context ctx) {
    TaskFilter f = TaskFilter.of(ctx);
    List<TaskView> rows = s.state().tasks(f.query());
    boolean more = rows.size() > f.size();
    render(
        ctx,
        "tasks.jte",
        new TasksPage(
            chrome(ctx, "Tasks", "tasks"),
            f,
            more ? rows.subList(0, f.size()) : rows,
            more,
            s.state().taskNames(),
            s.state().workerNames(),
            s.state().taskCount()));
  }

  private void task(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<TaskView> t = s.state().task(id);
    if (t.isEmpty()) {
      notFound(
          ctx,
          "tasks",
          "No task "
              + id
              + " is known: never seen, or evicted (the console keeps the newest "
              + s.state().maxTasks()
              + ").");
      return;
    }
    List<TaskPage.TimelineRow> rows = new ArrayList<>();
    double previous = 0;
    for (TimelineEntry e : t.get().timeline()) {
      String details =
          e.fields().entrySet().stream()
              .filter(f -> !f.getKey().equals("traceback"))
              .map(f -> f.getKey() + "=" + excerpt(f.getValue()))
              .collect(Collectors.joining("  "));
      rows.add(
          new TaskPage.TimelineRow(
              Fmt.time(e.timestamp()),
              e.type(),
              e.hostname(),
              previous == 0 ? "" : "+" + Fmt.duration(e.timestamp() - previous),
              details));
      previous = e.timestamp();
    }
    render(ctx, "task.jte", new TaskPage(chrome(ctx, "Task " + id, "tasks"), t.get(), rows));
  }

  private void queues(Context ctx) {
    render(
        ctx,
        "queues.jte",
        new QueuesPage(chrome(ctx, "Queues", "queues"), s.queues().latest(), queuesJson(true)));
  }

  private void types(Context ctx) {
    render(
        ctx,
        "types.jte",
        new TypesPage(chrome(ctx, "Task types", "types"), s.metrics().stats().rows()));
  }

  private void timeline(Context ctx) {
    render(
        ctx,
        "timeline.jte",
        new TimelinePage(chrome(ctx, "Timeline", "timeline"), TimelinePage.rows(s.state())));
  }

  private void notFound(Context ctx, String nav, String message) {
    ctx.status(404);
    render(ctx, "notfound.jte", new NotFoundPage(chrome(ctx, "Not found", nav), message));
  }

  private static String excerpt(String v) {
    return v == null ? "" : v.length() <= 120 ? v : v.substring(0, 119) + "\u2026";
  }

  private static String ratesJson(List<CounterSample> samples) {
    ArrayNode out = ApiJson.MAPPER.createArrayNode();
    ArrayNode ts = out.addArray();
    ArrayNode ok = out.addArray();
    ArrayNode failed = out.addArray();
    for (CounterSample c : samples) {
      ts.add(c.timestamp());
      ok.add(c.succeeded());
      failed.add(c.failed());
    }
    return ApiJson.write(out);
  }

  private String queuesJson(boolean withConsumers) {
    ObjectNode out = ApiJson.MAPPER.createObjectNode();
    for (QueueSample latest : s.queues().latest()) {
      ArrayNode series = out.putArray(latest.queue());
      ArrayNode ts = series.addArray();
      ArrayNode depth = series.addArray();
      ArrayNode consumers = withConsumers ? series.addArray() : null;
      for (QueueSample q : s.queues().history(latest.queue())) {
        if (q.messages() < 0) {
          continue;
        }
        ts.add(q.epochMillis() / 1000.0);
        depth.add(q.messages());
        if (consumers != null) {
          consumers.add(q.consumers());
        }
      }
    }
    return ApiJson.write(out);
  }
}
