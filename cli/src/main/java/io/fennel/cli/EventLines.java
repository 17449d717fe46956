package io.fennel.cli;

import io.fennel.protocol.PythonJson;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskRejected;
import io.fennel.protocol.event.TaskRetried;
import io.fennel.protocol.event.TaskRevoked;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.UnknownEvent;
import io.fennel.protocol.event.WorkerEvent;
import io.fennel.protocol.event.WorkerHeartbeat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Renders events one line each for {@code fennel events}: {@code time hostname type uuid name
 * details}, e.g. {@code 07:31:02 w1@host task-succeeded 5f3a... demo.add result=5 runtime=0.003s};
 * or, for {@code --dump}, the event's JSON as sent. Only received and sent events carry a task's
 * name, so the names seen are remembered (the most recent 10,000) for the events that follow. Not
 * thread-safe: one consumer thread renders.
 */
final class EventLines {
  private static final int REMEMBERED_NAMES = 10_000;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  private final ZoneId zone;
  private final Map<String, String> names =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_NAMES;
        }
      };

  EventLines(ZoneId zone) {
    this.zone = zone;
  }

  /** The event as one JSON object on one line, exactly as on the wire. */
  static String json(Event e) {
    return PythonJson.write(EventCodec.toJson(e));
  }

  /** The event as one readable line. */
  String line(Event e) {
    StringJoiner line = new StringJoiner(" ");
    line.add(time(e.timestamp())).add(e.hostname()).add(e.type());
    if (e instanceof TaskEvent t) {
      line.add(t.uuid()).add(name(t));
    }
    String details = details(e);
    if (!details.isEmpty()) {
      line.add(details);
    }
    return line.toString();
  }

  private String time(double epochSeconds) {
    Instant at = Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
    return TIME.format(at.atZone(zone));
  }

  private String name(TaskEvent t) {
    String name =
        switch (t) {
          case TaskSent s -> s.name();
          case TaskReceived r -> r.name();
          default -> null;
        };
    if (name != null) {
      names.put(t.uuid(), name);
      return name;
    }
    return names.getOrDefault(t.uuid(), "?");
  }

  private static String details(Event e) {
    return switch (e) {
      case TaskSent s ->
          join(
              "args=" + s.args(),
              "kwargs=" + s.kwargs(),
              s.queue() == null ? null : "queue=" + s.queue(),
              s.eta() == null ? null : "eta=" + s.eta());
      case TaskReceived r ->
          join(
              "args=" + r.args(),
              "kwargs=" + r.kwargs(),
              r.eta() == null ? null : "eta=" + r.eta(),
              r.retries() == null || r.retries() == 0 ? null : "retries=" + r.retries());
      case TaskStarted s -> "";
      case TaskSucceeded s ->
          join(
              "result=" + s.result(),
              s.runtime() == null ? null : "runtime=" + seconds(s.runtime()));
      case TaskFailed f -> "exception=" + f.exception();
      case TaskRetried r -> "exception=" + r.exception();
      case TaskRejected r -> r.requeue() == null ? "" : "requeue=" + r.requeue();
      case TaskRevoked r ->
          join(
              r.terminated() == null ? null : "terminated=" + r.terminated(),
              r.signum() == null ? null : "signum=" + r.signum(),
              r.expired() == null ? null : "expired=" + r.expired());
      case WorkerHeartbeat h ->
          join(
              "active=" + h.active(),
              "processed=" + h.processed(),
              h.loadavg() == null ? null : "load=" + load(h.loadavg()));
      case WorkerEvent w ->
          join(
              w.swIdent(),
              w.swVer(),
              w.swSys() == null ? null : "(" + w.swSys() + ")",
              "freq=" + seconds(w.freq()));
      case UnknownEvent u ->
          u.extra().entrySet().stream()
              .map(f -> f.getKey() + "=" + RemoteReplies.inline(f.getValue()))
              .collect(Collectors.joining(" "));
    };
  }

  private static String join(String... parts) {
    StringJoiner j = new StringJoiner(" ");
    for (String p : parts) {
      if (p != null) {
        j.add(p);
      }
    }
    return j.toString();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3fs", s);
  }

  private static String load(List<Double> loadavg) {
    return loadavg.stream()
        .map(l -> String.format(Locale.ROOT, "%.2f", l))
        .collect(Collectors.joining(","));
  }
}
