package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * Turns an event record into a JSON object with Celery's key order: {@code hostname, utcoffset,
 * pid, clock}, the type's own fields as captured, the extras, then {@code timestamp, type}.
 */
final class EventWriter {
  private EventWriter() {}

  static ObjectNode write(Event event) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    EventFields f = event.fields();
    o.put("hostname", f.hostname());
    if (f.utcoffset() != null) {
      o.put("utcoffset", f.utcoffset());
    }
    if (f.pid() != null) {
      o.put("pid", f.pid());
    }
    o.put("clock", f.clock());
    switch (event) {
      case TaskSent e -> {
        o.put("uuid", e.uuid());
        o.set("root_id", text(e.rootId()));
        o.set("parent_id", text(e.parentId()));
        o.set("name", text(e.name()));
        o.set("args", text(e.args()));
        o.set("kwargs", text(e.kwargs()));
        o.set("retries", integer(e.retries()));
        o.set("eta", text(e.eta()));
        o.set("expires", text(e.expires()));
        o.set("queue", text(e.queue()));
        o.set("exchange", text(e.exchange()));
        o.set("routing_key", text(e.routingKey()));
      }
      case TaskReceived e -> {
        o.put("uuid", e.uuid());
        o.set("name", text(e.name()));
        o.set("args", text(e.args()));
        o.set("kwargs", text(e.kwargs()));
        o.set("root_id", text(e.rootId()));
        o.set("parent_id", text(e.parentId()));
        o.set("retries", integer(e.retries()));
        o.set("eta", text(e.eta()));
        o.set("expires", text(e.expires()));
      }
      case TaskStarted e -> o.put("uuid", e.uuid());
      case TaskSucceeded e -> {
        o.put("uuid", e.uuid());
        o.set("result", text(e.result()));
        o.set("runtime", e.runtime() == null ? NullNode.instance : FloatNode.of(e.runtime()));
      }
      case TaskFailed e -> {
        o.put("uuid", e.uuid());
        o.set("exception", text(e.exception()));
        o.set("traceback", text(e.traceback()));
      }
      case TaskRetried e -> {
        o.put("uuid", e.uuid());
        o.set("exception", text(e.exception()));
        o.set("traceback", text(e.traceback()));
      }
      case TaskRejected e -> {
        o.put("uuid", e.uuid());
        o.set("requeue", bool(e.requeue()));
      }
      case TaskRevoked e -> {
        o.put("uuid", e.uuid());
        o.set("terminated", bool(e.terminated()));
        o.set("signum", integer(e.signum()));
        o.set("expired", bool(e.expired()));
      }
      case WorkerEvent e -> {
        o.set("freq", FloatNode.of(e.freq()));
        o.put("active", e.active());
        o.put("processed", e.processed());
        o.set("loadavg", floats(e.loadavg()));
        o.set("sw_ident", text(e.swIdent()));
        o.set("sw_ver", text(e.swVer()));
        o.set("sw_sys", text(e.swSys()));
      }
      case UnknownEvent e -> {}
    }
    event.extra().forEach((k, v) -> o.set(k, v.deepCopy()));
    o.set("timestamp", FloatNode.of(f.timestamp()));
    o.put("type", event.type());
    return o;
  }

  private static JsonNode text(String s) {
    return s == null ? NullNode.instance : TextNode.valueOf(s);
  }

  private static JsonNode integer(Integer i) {
    return i == null ? NullNode.instance : JsonNodeFactory.instance.numberNode(i);
  }

  private static JsonNode bool(Boolean b) {
    return b == null ? NullNode.instance : JsonNodeFactory.instance.booleanNode(b);
  }

  private static JsonNode floats(List<Double> values) {
    if (values == null) {
      return NullNode.instance;
    }
    var array = JsonNodeFactory.instance.arrayNode(values.size());
    values.forEach(v -> array.add(FloatNode.of(v)));
    return array;
  }
}
