package io.fennel.monitor.beat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.beat.EntryDefinition;
import io.fennel.core.beat.EntryState;
import io.fennel.core.beat.EntryStatus;
import io.fennel.core.beat.ScheduleStore;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.Scheduler;
import io.fennel.core.time.SystemScheduler;
import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.auth.AccessGuard;
import io.fennel.monitor.http.ConsoleServices;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's beat schedule: the form actions ({@code POST /schedule/{name}/run|pause|resume}),
 * its API ({@code GET /api/schedule}, {@code POST /api/schedule/{name}/run|pause|resume}) and the
 * {@code fennel_beat_entry_lag_seconds} metric, read from the beat store named by the settings'
 * {@code beat_schedule_filename} (or {@code FENNEL_BEAT_SCHEDULE_FILENAME}). Actions go through the
 * store, so every beat on it sees them; the access guard refuses them in read-only mode.
 */
public final class ScheduleConsole {
  static final String SETTING = "beat_schedule_filename";
  private static final Duration METRICS_EVERY = Duration.ofSeconds(5);

  private final ConsoleServices services;
  private final AccessGuard guard;
  private final String where;
  private final ScheduleStore store;
  private final FailureHandler failures = FailureHandler.logging();
  private final MultiGauge lag;

  private ScheduleConsole(ConsoleServices services, AccessGuard guard, String where) {
    this.services = services;
    this.guard = guard;
    this.where = where;
    this.store = where == null ? null : ScheduleStore.open(where, Clock.systemUTC());
    this.lag =
        MultiGauge.builder("fennel.beat.entry.lag")
            .description("How late each beat entry's next run is (0 when on time)")
            .baseUnit("seconds")
            .register(services.metrics().registry());
  }

  /** Adds the API and the metric to {@code config}; the page renders from {@link #entries()}. */
  public static ScheduleConsole mount(
      JavalinConfig config, ConsoleServices services, AccessGuard guard) {
    String where =
        services.app() == null ? null : services.app().get().config().extra().get(SETTING);
    if (where == null || where.isBlank()) {
      where = System.getenv("FENNEL_BEAT_SCHEDULE_FILENAME");
    }
    ScheduleConsole c =
        new ScheduleConsole(services, guard, where == null || where.isBlank() ? null : where);
    config.routes.post("/schedule/{name}/{action}", ctx -> c.act(ctx, true));
    config.routes.get("/api/schedule", c::api);
    config.routes.post("/api/schedule/{name}/{action}", ctx -> c.act(ctx, false));
    if (c.store != null) {
      Scheduler timer = new SystemScheduler("fennel-schedule-metrics");
      timer.execute(c::refreshMetrics);
      Scheduler.Cancellable every = timer.every(c::refreshMetrics, METRICS_EVERY);
      config.events.serverStopped(() -> {
        every.cancel();
        timer.close();
        c.store.close();
      });
    }
    return c;
  }

  private void refreshMetrics() {
    failures.guard(
        "schedule.metrics",
        "reading beat entries from " + where,
        () -> {
          List<MultiGauge.Row<?>> rows = new ArrayList<>();
          for (EntryStatus e : EntryStatus.read(store, Instant.now())) {
            rows.add(
                MultiGauge.Row.of(
                    Tags.of("entry", e.definition().name()), e.lag().toMillis() / 1000.0));
          }
          lag.register(rows, true);
        });
  }

  /** Where the beat state is read from ("" when none is configured). */
  public String describe() {
    return store == null ? "" : store.describe();
  }

  /** Whether a beat store is configured. */
  public boolean configured() {
    return store != null;
  }

  /** Every entry the store's leader published, as of now (empty without a store). */
  public List<EntryStatus> entries() {
    if (store == null) {
      return List.of();
    }
    return EntryStatus.read(store, Instant.now());
  }

  private void api(Context ctx) {
    ArrayNode out = ApiJson.MAPPER.createArrayNode();
    for (EntryStatus e : entries()) {
      ObjectNode o = out.addObject();
      EntryDefinition d = e.definition();
      EntryState s = e.state();
      o.put("name", d.name());
      o.put("task", d.task());
      o.put("schedule", d.schedule());
      o.put("zone", d.zone());
      o.put("words", e.words());
      o.put("queue", d.queue());
      o.put("paused", s != null && s.paused());
      o.put("total_runs", s == null ? 0 : s.totalRuns());
      o.put("last_run", s == null || s.lastSentAt() == null ? null : s.lastSentAt().toString());
      o.put("last_task_id", s == null ? null : s.lastTaskId());
      o.put("next_run", e.nextRun() == null ? null : e.nextRun().toString());
      o.put("lag_seconds", e.lag().toMillis() / 1000.0);
    }
    ctx.contentType("application/json").result(ApiJson.write(out));
  }

  private void act(Context ctx, boolean fromForm) {
    if (store == null) {
      throw new ApiError(404, "no beat store is configured (set beat_schedule_filename)");
    }
    String name = ctx.pathParam("name");
    String action = ctx.pathParam("action");
    if (store.definitions().stream().noneMatch(d -> d.name().equals(name))) {
      throw new ApiError(404, "no beat entry named '" + name + "' in " + store.describe());
    }
    Instant now = Instant.now();
    String message =
        switch (action) {
          case "run" -> {
            store.requestRun(name, now);
            yield "asked the leading beat to send " + name + " now";
          }
          case "pause" -> {
            store.setPaused(name, true, now);
            yield name + " is paused";
          }
          case "resume" -> {
            store.setPaused(name, false, now);
            yield name + " is resumed; its next run counts from now";
          }
          default ->
              throw ApiError.badRequest(
                  "unknown action '" + action + "'; use run, pause or resume");
        };
    if (fromForm) {
      ctx.redirect(
          io.fennel.monitor.api.Paths.prefix(ctx)
              + "/schedule?done="
              + java.net.URLEncoder.encode(message, java.nio.charset.StandardCharsets.UTF_8),
          io.javalin.http.HttpStatus.SEE_OTHER);
    } else {
      ObjectNode o = ApiJson.MAPPER.createObjectNode();
      o.put("ok", true);
      o.put("message", message);
      ctx.contentType("application/json").result(ApiJson.write(o));
    }
  }
}
