package io.fennel.monitor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.monitor.metrics.TaskTypeStats;
import io.fennel.monitor.queues.QueueSample;
import io.fennel.monitor.state.TaskView;
import io.fennel.monitor.state.TimelineEntry;
import io.fennel.monitor.state.WorkerView;

/**
 * The JSON shapes of the API and the event stream, in Flower's field names (snake case, epoch
 * second timestamps) so existing scripts keep working.
 */
public final class ApiJson {
  private ApiJson() {}

  /** The mapper every response is written with. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  /** One task; with its timeline when {@code withTimeline}. */
  public static ObjectNode task(TaskView t, boolean withTimeline) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("uuid", t.uuid());
    o.put("name", t.name());
    o.put("state", t.state() == null ? null : t.state().name());
    o.put("hostname", t.worker());
    o.put("worker", t.worker());
    o.put("args", t.args());
    o.put("kwargs", t.kwargs());
    o.put("result", t.result());
    o.put("exception", t.exception());
    o.put("traceback", t.traceback());
    o.put("runtime", t.runtime());
    o.put("retries", t.retries());
    o.put("eta", t.eta());
    o.put("expires", t.expires());
    o.put("queue", t.queue());
    o.put("parent_id", t.parentId());
    o.put("root_id", t.rootId());
    ArrayNode children = o.putArray("children");
    t.children().forEach(children::add);
    o.put("sent", t.sent());
    o.put("received", t.received());
    o.put("started", t.started());
    o.put("succeeded", t.succeeded());
    o.put("failed", t.failed());
    o.put("retried", t.retried());
    o.put("revoked", t.revoked());
    o.put("rejected", t.rejected());
    o.put("timestamp", t.timestamp());
    o.put("clock", t.clock());
    ArrayNode truncated = o.putArray("truncated");
    t.truncated().forEach(truncated::add);
    if (withTimeline) {
      ArrayNode events = o.putArray("events");
      for (TimelineEntry e : t.timeline()) {
        ObjectNode ev = events.addObject();
        ev.put("type", e.type());
        ev.put("timestamp", e.timestamp());
        ev.put("hostname", e.hostname());
        ev.put("clock", e.clock());
        ObjectNode fields = ev.putObject("fields");
        e.fields().forEach(fields::put);
      }
    }
    return o;
  }

  /** One worker. */
  public static ObjectNode worker(WorkerView w) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("hostname", w.hostname());
    o.put("status", w.online());
    o.put("online", w.online());
    o.put("pid", w.pid());
    o.put("freq", w.freq());
    o.put("active", w.active());
    o.put("processed", w.processed());
    o.put("prefetched", w.prefetched());
    o.put("succeeded", w.succeeded());
    o.put("failed", w.failed());
    o.put("retried", w.retried());
    ArrayNode load = o.putArray("loadavg");
    w.loadavg().forEach(load::add);
    o.put("sw_ident", w.swIdent());
    o.put("sw_ver", w.swVer());
    o.put("sw_sys", w.swSys());
    o.put("heartbeat", w.lastHeartbeat());
    o.put("clock", w.clock());
    o.put("utcoffset", w.utcoffset());
    ArrayNode queues = o.putArray("queues");
    w.queues().forEach(queues::add);
    o.put("pool", w.pool());
    o.put("concurrency", w.concurrency());
    return o;
  }

  /** One queue depth sample. */
  public static ObjectNode queue(QueueSample s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("name", s.queue());
    o.put("messages", s.messages());
    o.put("consumers", s.consumers());
    o.put("timestamp", s.epochMillis() / 1000.0);
    return o;
  }

  /** One task type's stats: counts, failure rate, runtime and queue-wait percentiles. */
  public static ObjectNode stats(TaskTypeStats.Row r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("count", r.count());
    o.put("succeeded", r.succeeded());
    o.put("failed", r.failed());
    o.put("retried", r.retried());
    o.put("failure_rate", r.failureRate());
    String[] q = {"p50", "p95", "p99"};
    ObjectNode runtime = o.putObject("runtime");
    ObjectNode wait = o.putObject("queue_wait");
    for (int i = 0; i < q.length; i++) {
      number(runtime, q[i], r.runtime()[i]);
      number(wait, q[i], r.queueWait()[i]);
    }
    return o;
  }

  /** Puts {@code v}, or null when it is not finite: JSON never carries NaN. */
  public static void number(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.putNull(field);
    }
  }

  /** {@code {"error": message}}. */
  public static ObjectNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  /** Compact JSON text. */
  public static String write(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
