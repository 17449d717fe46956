package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.metrics.TaskTypeStats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Fennel's own figures beyond Flower's API: per task type stats ({@code /api/task/stats}) and the
 * bounds the console keeps within, what it took in and what it refused ({@code /api/console}).
 */
final class StatsApi {
  private final ConsoleServices s;

  StatsApi(ConsoleServices services) {
    this.s = services;
  }

  void register(RoutesConfig r) {
    r.get("/api/task/stats", this::stats);
    r.get("/api/console", this::console);
  }

  private void stats(Context ctx) {
    ObjectNode out = ApiJson.MAPPER.createObjectNode();
    for (TaskTypeStats.Row row : s.metrics().stats().rows()) {
      out.set(row.name(), ApiJson.stats(row));
    }
    Http.json(ctx, out);
  }

  private void console(Context ctx) {
    var l = s.state().limits();
    ObjectNode out = ApiJson.MAPPER.createObjectNode();
    ObjectNode limits = out.putObject("limits");
    limits.put("max_tasks", l.maxTasks());
    limits.put("max_task_names", l.maxTaskNames());
    limits.put("max_workers", l.maxWorkers());
    limits.put("max_field_bytes", l.maxFieldBytes());
    limits.put("max_limit", io.fennel.monitor.api.Params.MAX_LIMIT);
    out.put("tasks_kept", s.state().taskCount());
    out.put("tasks_evicted", s.state().evictedCount());
    var receiver = s.metrics().receiver();
    out.put("events_ingested", receiver == null ? 0 : receiver.ingestedCount());
    out.put("events_malformed", receiver == null ? 0 : receiver.malformedCount());
    out.put("events_rejected", s.state().rejectedTotal());
    ObjectNode byType = out.putObject("events_rejected_by_type");
    s.state().rejectedCounts().forEach(byType::put);
    Http.json(ctx, out);
  }
}
