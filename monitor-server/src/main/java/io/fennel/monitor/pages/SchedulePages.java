package io.fennel.monitor.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.fennel.core.beat.EntryDefinition;
import io.fennel.core.beat.EntryState;
import io.fennel.core.beat.EntryStatus;
import io.fennel.monitor.auth.AccessGuard;
import io.fennel.monitor.auth.CsrfTokens;
import io.fennel.monitor.beat.ScheduleConsole;
import io.fennel.monitor.http.ConsoleServices;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Schedule page ({@code /schedule}): each beat entry with its schedule in words, last and next
 * run, the last task (linked), and forms to run it now, pause or resume it (hidden when read-only);
 * the data, actions and metric come from {@link ScheduleConsole}.
 */
public final class SchedulePages {
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

  private final ConsoleServices services;
  private final AccessGuard guard;
  private final ScheduleConsole console;
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  private SchedulePages(ConsoleServices services, AccessGuard guard, ScheduleConsole console) {
    this.services = services;
    this.guard = guard;
    this.console = console;
  }

  /** Mounts the page, and through {@link ScheduleConsole} its actions, API and metric. */
  public static void mount(JavalinConfig config, ConsoleServices services, AccessGuard guard) {
    SchedulePages p =
        new SchedulePages(services, guard, ScheduleConsole.mount(config, services, guard));
    config.routes.get("/schedule", p::page);
  }

  private void page(Context ctx) {
    String problem = null;
    List<SchedulePage.Row> rows = new ArrayList<>();
    if (!console.configured()) {
      problem =
          "No beat store is configured: set beat_schedule_filename (for example"
              + " redis://localhost:6379/0) in the console's settings file, or"
              + " FENNEL_BEAT_SCHEDULE_FILENAME.";
    } else {
      try {
        for (EntryStatus e : console.entries()) {
          rows.add(row(e));
        }
        if (rows.isEmpty()) {
          problem = "No beat has published its entries to " + console.describe() + " yet.";
        }
      } catch (RuntimeException e) {
        problem = "Cannot read " + console.describe() + ": " + e.getMessage();
      }
    }
    PageChrome chrome =
        new PageChrome(
            "Schedule",
            "schedule",
            CsrfTokens.tokenFor(ctx),
            guard.readOnly(),
            guard.open(),
            services.history() == null,
            !services.loopback(),
            io.fennel.monitor.api.Paths.prefix(ctx),
            ctx.attribute(io.fennel.monitor.auth.AccessGuard.USER_ATTR));
    StringOutput out = new StringOutput();
    engine.render(
        "schedule.jte",
        new SchedulePage(chrome, console.describe(), problem, ctx.queryParam("done"), rows),
        out);
    HEADERS.forEach(ctx::header);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  private static SchedulePage.Row row(EntryStatus e) {
    EntryDefinition d = e.definition();
    EntryState s = e.state();
    String last = s == null || s.lastSentAt() == null ? "never" : time(s.lastSentAt());
    String next =
        s != null && s.paused() ? "paused" : e.nextRun() == null ? "-" : time(e.nextRun());
    String lag = e.lag().isZero() ? "" : Fmt.duration(e.lag().toMillis() / 1000.0);
    return new SchedulePage.Row(
        d.name(),
        d.task(),
        e.words(),
        d.schedule(),
        d.queue() == null ? "" : d.queue(),
        last,
        s == null ? null : s.lastTaskId(),
        next,
        lag,
        s == null ? 0 : s.totalRuns(),
        s != null && s.paused(),
        s != null && s.runNowAt() != null);
  }

  private static String time(Instant i) {
    return Fmt.time(i.toEpochMilli() / 1000.0);
  }
}
