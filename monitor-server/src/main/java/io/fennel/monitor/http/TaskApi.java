package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.ratelimit.RateLimit;
import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.api.Params;
import io.fennel.monitor.state.TaskQuery;
import io.fennel.monitor.state.TaskView;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task endpoints, on Flower's paths: list and look up tasks, their results and types; revoke,
 * rate-limit and time-limit them; send one ({@code async-apply}).
 */
final class TaskApi {
  private static final Logger log = LoggerFactory.getLogger(TaskApi.class);
  private final ConsoleServices s;
  private volatile boolean backendDown;

  TaskApi(ConsoleServices services) {
    this.s = services;
  }

  void register(RoutesConfig r) {
    r.get("/api/tasks", this::list);
    r.get("/api/task/info/{id}", this::info);
    r.get("/api/task/result/{id}", this::result);
    r.get("/api/task/types", this::types);
    r.post("/api/task/revoke/{id}", this::revoke);
    r.post("/api/task/rate-limit/{name}", this::rateLimit);
    r.post("/api/task/timeout/{name}", this::timeout);
    r.post("/api/task/async-apply/{name}", this::asyncApply);
  }

  private void list(Context ctx) {
    Integer offset = Params.integer(ctx, "offset", 0);
    TaskQuery q =
        new TaskQuery(
            Params.limit(ctx, "limit"),
            offset == null ? 0 : offset,
            Params.sort(ctx, "sort_by"),
            Params.get(ctx, "workername"),
            Params.get(ctx, "taskname"),
            Params.states(ctx, "state"),
            Params.time(ctx, "received_start"),
            Params.time(ctx, "received_end"),
            Params.get(ctx, "search"));
    ObjectNode out = ApiJson.MAPPER.createObjectNode();
    for (TaskView t : s.state().tasks(q)) {
      out.set(t.uuid(), ApiJson.task(t, false));
    }
    Http.json(ctx, out);
  }

  private TaskView known(String id) {
    return s.state()
        .task(id)
        .orElseThrow(() ->
            ApiError.notFound(
                "unknown task '"
                    + Params.excerpt(id)
                    + "' (never seen, or evicted: the console keeps the newest "
                    + s.state().maxTasks()
                    + ")"));
  }

  private void info(Context ctx) {
    Http.json(ctx, ApiJson.task(known(ctx.pathParam("id")), true));
  }

  /**
   * Flower's result: from the result backend when the console has one ({@code --result-backend}),
   * as Flower answers (PENDING for an id nothing is stored under; {@code result} once the task is
   * ready, the stored value as it is, a number stays a number); else, or when the backend cannot be
   * read, from the task's events (values as their repr text; 404 for an id never seen).
   */
  private void result(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<Optional<ResultRecord>> stored = stored(id);
    Optional<TaskView> seen = s.state().task(id);
    ObjectNode o = ApiJson.MAPPER.createObjectNode();
    o.put("task-id", id);
    if (stored.isPresent()) {
      ResultRecord r = stored.get().orElse(null);
      String state = r == null ? TaskState.PENDING.name() : r.status();
      o.put("state", state);
      if ("FAILURE".equals(state)) {
        o.put("result", seen.map(TaskView::exception).orElseGet(() -> failure(r.result())));
        o.put("traceback", r.traceback());
      } else if (r != null && TaskState.fromWire(state).map(TaskState::ready).orElse(false)) {
        o.set("result", r.result());
      }
      Http.json(ctx, o);
      return;
    }
    TaskView t = seen.orElseGet(() -> known(id));
    o.put("state", t.state() == null ? TaskState.PENDING.name() : t.state().name());
    if (t.state() == TaskState.FAILURE || t.state() == TaskState.RETRY) {
      o.put("result", t.exception());
      o.put("traceback", t.traceback());
    } else {
      o.put("result", t.result());
    }
    Http.json(ctx, o);
  }

  /**
   * What the app's result backend holds for {@code id} (an empty inner value when nothing is
   * stored), or empty when there is no backend or it cannot be read (said once per outage).
   */
  private Optional<Optional<ResultRecord>> stored(String id) {
    try {
      var app = s.app().get();
      if (app.config().resultBackend() == null) {
        return Optional.empty();
      }
      Optional<ResultRecord> r = app.asyncResult(id).record();
      backendDown = false;
      return Optional.of(r);
    } catch (RuntimeException e) {
      if (!backendDown) {
        backendDown = true;
        log.warn(
            "task results are read from their events until the result backend answers again: {}",
            e.getMessage());
      }
      return Optional.empty();
    }
  }

  /** {@code ValueError('boom')} from Celery's stored {@code exc_type}/{@code exc_message}. */
  private static String failure(JsonNode stored) {
    String type = stored.path("exc_type").asText("Exception");
    JsonNode message = stored.path("exc_message");
    String text =
        message.isArray() && message.size() == 1 ? message.get(0).asText() : message.toString();
    return type + "('" + text + "')";
  }

  private void types(Context ctx) {
    ObjectNode o = ApiJson.MAPPER.createObjectNode();
    var arr = o.putArray("task-types");
    s.state().taskNames().forEach(arr::add);
    Http.json(ctx, o);
  }

  private void revoke(Context ctx) {
    String id = ctx.pathParam("id");
    boolean terminate = Params.bool(ctx, "terminate");
    String signal = Params.get(ctx, "signal");
    if (signal != null && !signal.toUpperCase(Locale.ROOT).matches("SIG[A-Z0-9]+|[0-9]{1,2}")) {
      throw ApiError.badRequest(
          "signal must be a signal name like SIGTERM or SIGKILL, was '"
              + Params.excerpt(signal)
              + "'");
    }
    Http.json(
        ctx,
        s.commands()
            .revoke(id, terminate, signal == null ? "SIGTERM" : signal.toUpperCase(Locale.ROOT)));
  }

  private void rateLimit(Context ctx) {
    String name = ctx.pathParam("name");
    String rate = Params.get(ctx, "ratelimit");
    if (rate == null) {
      throw ApiError.badRequest("ratelimit is required, e.g. ratelimit=10/m (0 removes the limit)");
    }
    try {
      RateLimit.parse("ratelimit", rate);
    } catch (RuntimeException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    String worker = Http.optionalWorker(s, Params.get(ctx, "workername"));
    Http.json(ctx, s.commands().rateLimit(worker, name, rate));
  }

  private void timeout(Context ctx) {
    String name = ctx.pathParam("name");
    Double soft = Params.decimal(ctx, "soft");
    Double hard = Params.decimal(ctx, "hard");
    if (soft == null && hard == null) {
      throw ApiError.badRequest("give soft and/or hard (seconds), e.g. soft=10&hard=20");
    }
    if (soft != null && hard != null && soft > hard) {
      throw ApiError.badRequest("soft must not exceed hard, was soft=" + soft + " hard=" + hard);
    }
    String worker = Http.optionalWorker(s, Params.get(ctx, "workername"));
    Http.json(ctx, s.commands().timeLimit(worker, name, soft, hard));
  }

  private void asyncApply(Context ctx) {
    String name = ctx.pathParam("name");
    JsonNode body = Params.json(ctx);
    JsonNode args = body.path("args");
    JsonNode kwargs = body.path("kwargs");
    JsonNode options = body.path("options");
    if (!args.isMissingNode() && !args.isNull() && !args.isArray()) {
      throw ApiError.badRequest("args must be a JSON list, was " + Params.excerpt(args.toString()));
    }
    if (!kwargs.isMissingNode() && !kwargs.isNull() && !kwargs.isObject()) {
      throw ApiError.badRequest(
          "kwargs must be a JSON object, was " + Params.excerpt(kwargs.toString()));
    }
    if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
      throw ApiError.badRequest(
          "options must be a JSON object, was " + Params.excerpt(options.toString()));
    }
    List<?> a = args.isArray() ? ApiJson.MAPPER.convertValue(args, List.class) : List.of();
    Map<?, ?> k = kwargs.isObject() ? ApiJson.MAPPER.convertValue(kwargs, Map.class) : Map.of();
    @SuppressWarnings("unchecked")
    Map<String, ?> kw = (Map<String, ?>) k;
    SendOptions o = sendOptions(options);
    String id = s.app().get().sendTask(name, a, kw, o).id();
    ObjectNode out = ApiJson.MAPPER.createObjectNode();
    out.put("task-id", id);
    out.put("state", TaskState.PENDING.name());
    Http.json(ctx, out);
  }

  private static SendOptions sendOptions(JsonNode o) {
    SendOptions.Builder b = SendOptions.builder();
    b.taskId(text(o, "task_id", UUID.randomUUID().toString()));
    String queue = text(o, "queue", null);
    if (queue != null) {
      b.queue(queue);
    }
    if (o.has("countdown")) {
      b.countdown(Duration.ofMillis(Math.round(number(o, "countdown") * 1000)));
    }
    if (o.has("eta")) {
      b.eta(instant(o, "eta"));
    }
    if (o.has("expires")) {
      JsonNode e = o.get("expires");
      if (e.isNumber()) {
        b.expires(Duration.ofMillis(Math.round(number(o, "expires") * 1000)));
      } else {
        b.expires(instant(o, "expires"));
      }
    }
    if (o.has("priority")) {
      int p = (int) number(o, "priority");
      if (p < 0 || p > 255) {
        throw ApiError.badRequest("options.priority must be 0..255, was " + p);
      }
      b.priority(p);
    }
    return b.build();
  }

  private static String text(JsonNode o, String name, String dflt) {
    JsonNode n = o.get(name);
    return n == null || n.isNull() ? dflt : n.asText();
  }

  private static double number(JsonNode o, String name) {
    JsonNode n = o.get(name);
    if (!n.isNumber() || n.asDouble() < 0) {
      throw ApiError.badRequest(
          "options." + name + " must be a number >= 0, was " + Params.excerpt(n.toString()));
    }
    return n.asDouble();
  }

  private static Instant instant(JsonNode o, String name) {
    String v = o.get(name).asText();
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(
          "options."
              + name
              + " must be ISO-8601 with an offset (2030-01-02T03:04:05+00:00), was '"
              + Params.excerpt(v)
              + "'");
    }
  }
}
