package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.repr.PythonRepr;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Celery's task protocol 1 ({@code task_protocol=1}): everything in a body dict {@code {task, id,
 * args, kwargs, eta, expires, retries, callbacks, errbacks, chord, taskset, utc, timelimit}} and no
 * task headers. Read into the same {@link TaskMessage} as protocol 2, and written back from one.
 */
public final class ProtocolV1 {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ProtocolV1() {}

  /** Whether a decoded body with these headers is a protocol 1 message. */
  public static boolean isV1(Map<String, Object> headers, JsonNode body) {
    return (headers == null || headers.get("task") == null) && body.isObject() && body.has("task");
  }

  /**
   * The message a protocol 1 body stands for: its fields become protocol 2 headers (message headers
   * other than {@code task} and {@code id} are kept as extras) and {@code [args, kwargs, embed]}.
   */
  public static TaskMessage read(TaskProperties props, Map<String, Object> headers, JsonNode body) {
    ObjectNode b = (ObjectNode) body;
    JsonNode args = b.get("args");
    JsonNode kwargs = b.get("kwargs");
    if (args != null && !args.isNull() && !args.isArray()) {
      throw new ProtocolException(
          "body.args", "is " + HeaderValues.describe(args) + "; expected a list (protocol v1)");
    }
    if (kwargs != null && !kwargs.isNull() && !kwargs.isObject()) {
      throw new ProtocolException(
          "body.kwargs",
          "is " + HeaderValues.describe(kwargs) + "; expected a mapping (protocol v1)");
    }
    ArrayNode a = args == null || args.isNull() ? JSON.arrayNode() : (ArrayNode) args;
    ObjectNode k = kwargs == null || kwargs.isNull() ? JSON.objectNode() : (ObjectNode) kwargs;
    Map<String, Object> h = new LinkedHashMap<>();
    copy(b, h, "lang");
    h.put("task", HeaderValues.fromJson(b.get("task")));
    h.put("id", HeaderValues.fromJson(b.get("id")));
    if (h.get("id") == null) {
      throw new ProtocolException(
          "body.id", "is missing; a protocol v1 task message needs the task id in its body");
    }
    copy(b, h, "shadow");
    copy(b, h, "eta");
    copy(b, h, "expires");
    JsonNode group = b.hasNonNull("taskset") ? b.get("taskset") : b.get("group");
    h.put("group", HeaderValues.fromJson(group));
    copy(b, h, "group_index");
    h.put("retries", b.hasNonNull("retries") ? HeaderValues.fromJson(b.get("retries")) : 0);
    if (b.hasNonNull("timelimit")) {
      h.put("timelimit", HeaderValues.fromJson(b.get("timelimit")));
    }
    copy(b, h, "root_id");
    copy(b, h, "parent_id");
    h.put("argsrepr", PythonRepr.argsRepr(a));
    h.put("kwargsrepr", PythonRepr.kwargsRepr(k));
    copy(b, h, "origin");
    if (headers != null) {
      headers.forEach((name, value) -> h.putIfAbsent(name, value));
    }
    TaskHeaders parsed;
    try {
      parsed = TaskMessageCodec.headersFromMap(h);
    } catch (ProtocolException e) {
      throw new ProtocolException(
          e.field().replaceFirst("^headers\\.", "body."),
          e.getMessage().substring(e.field().length() + 2) + " (protocol v1 body)",
          e);
    }
    ObjectNode embed = JSON.objectNode();
    embed.set("callbacks", b.get("callbacks"));
    embed.set("errbacks", b.get("errbacks"));
    embed.putNull("chain");
    embed.set("chord", b.get("chord"));
    return new TaskMessage(props, parsed, new TaskBody(a, k, Embed.fromJson("body.embed", embed)));
  }

  private static void copy(ObjectNode b, Map<String, Object> h, String name) {
    if (b.has(name)) {
      h.put(name, HeaderValues.fromJson(b.get(name)));
    }
  }

  /** The protocol 1 body of a message, in the key order Celery's {@code as_task_v1} uses. */
  public static ObjectNode toJson(TaskMessage m) {
    TaskHeaders h = m.headers();
    ObjectNode o = JSON.objectNode();
    o.put("task", h.task());
    o.put("id", h.id());
    o.set("args", m.body().args());
    o.set("kwargs", m.body().kwargs());
    o.put("group", h.group());
    if (h.groupIndex() == null) {
      o.putNull("group_index");
    } else {
      o.put("group_index", h.groupIndex());
    }
    o.put("retries", h.retries());
    o.put("eta", h.eta());
    o.put("expires", h.expires());
    o.put("utc", true);
    ObjectNode embed = m.body().embed().toJson();
    o.set("callbacks", embed.get("callbacks"));
    o.set("errbacks", embed.get("errbacks"));
    o.set("timelimit", HeaderValues.toJson("timelimit", h.timelimit().toList()));
    o.put("taskset", h.group());
    o.set("chord", embed.get("chord"));
    return o;
  }
}
