package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.api.Params;
import io.fennel.monitor.queues.QueueSample;
import io.fennel.monitor.state.WorkerView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The worker and queue endpoints, on Flower's paths: list workers, shut them down, resize their
 * pools, change the queues they consume, and read queue depths.
 */
final class WorkerApi {
  private final ConsoleServices s;

  WorkerApi(ConsoleServices services) {
    this.s = services;
  }

  void register(RoutesConfig r) {
    r.get("/api/workers", this::list);
    r.get("/api/queues/length", this::queueLengths);
    r.post("/api/worker/shutdown/{name}", ctx -> reply(ctx, s.commands().shutdown(worker(ctx))));
    r.post(
        "/api/worker/pool/grow/{name}",
        ctx -> reply(ctx, s.commands().poolGrow(worker(ctx), n(ctx))));
    r.post(
        "/api/worker/pool/shrink/{name}",
        ctx -> reply(ctx, s.commands().poolShrink(worker(ctx), n(ctx))));
    r.post("/api/worker/pool/autoscale/{name}", this::autoscale);
    r.post(
        "/api/worker/queue/add-consumer/{name}",
        ctx -> reply(ctx, s.commands().addConsumer(worker(ctx), queue(ctx))));
    r.post(
        "/api/worker/queue/cancel-consumer/{name}",
        ctx -> reply(ctx, s.commands().cancelConsumer(worker(ctx), queue(ctx))));
  }

  private void list(Context ctx) {
    String only = Params.get(ctx, "workername");
    if (only != null) {
      Http.knownWorker(s, only);
    }
    boolean statusOnly = Params.bool(ctx, "status");
    ObjectNode out = ApiJson.MAPPER.createObjectNode();
    for (WorkerView w : s.state().workers()) {
      if (only != null && !only.equals(w.hostname())) {
        continue;
      }
      if (statusOnly) {
        out.put(w.hostname(), w.online());
      } else {
        out.set(w.hostname(), ApiJson.worker(w));
      }
    }
    Http.json(ctx, out);
  }

  private void queueLengths(Context ctx) {
    ObjectNode out = ApiJson.MAPPER.createObjectNode();
    var arr = out.putArray("active_queues");
    for (QueueSample q : s.queues().latest()) {
      arr.addObject().put("name", q.queue()).put("messages", q.messages());
    }
    Http.json(ctx, out);
  }

  private void autoscale(Context ctx) {
    String w = worker(ctx);
    Integer max = Params.integer(ctx, "max", 1);
    Integer min = Params.integer(ctx, "min", 0);
    if (max == null || min == null) {
      throw ApiError.badRequest("autoscale needs max and min, e.g. max=10&min=2");
    }
    if (min > max) {
      throw ApiError.badRequest("min must not exceed max, was min=" + min + " max=" + max);
    }
    reply(ctx, s.commands().autoscale(w, max, min));
  }

  private String worker(Context ctx) {
    return Http.knownWorker(s, ctx.pathParam("name"));
  }

  private static int n(Context ctx) {
    Integer n = Params.integer(ctx, "n", 1);
    return n == null ? 1 : n;
  }

  private static String queue(Context ctx) {
    String q = Params.get(ctx, "queue");
    if (q == null) {
      throw ApiError.badRequest("queue is required, e.g. queue=images");
    }
    return q;
  }

  private static void reply(Context ctx, com.fasterxml.jackson.databind.JsonNode reply) {
    Http.json(ctx, reply);
  }
}
