package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.repr.PythonDumps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes and encodes Celery protocol v2 task messages in JSON between AMQP-style properties,
 * headers and body bytes and {@link TaskMessage}; encoding reproduces Celery's header order, header
 * value types and body bytes exactly. {@link TaskMessageReader} and {@link TaskMessageWriter} add
 * the other formats, compression and protocol 1.
 */
public final class TaskMessageCodec {
  private TaskMessageCodec() {}

  /**
   * Decodes a JSON (or compressed JSON, or protocol 1) task message. {@code headers} holds plain
   * Java values (String or any CharSequence, Integer, Long, Boolean, Double, BigDecimal, List, Map,
   * null).
   *
   * @throws ProtocolException naming the field for anything Fennel cannot accept
   */
  public static TaskMessage decode(TaskProperties props, Map<String, Object> headers, byte[] body) {
    return TaskMessageReader.JSON_ONLY.read(props, headers, body);
  }

  /** Reads protocol v2 headers from plain Java values. */
  public static TaskHeaders headersFromMap(Map<String, Object> headers) {
    HeaderReader r = new HeaderReader(headers);
    String task = r.requiredString("task");
    String id = r.requiredString("id");
    Integer retries = r.nullableInt("retries", 0);
    Map<String, Object> extra = new LinkedHashMap<>();
    for (String name : headers.keySet()) {
      if (name == null) {
        throw new ProtocolException("headers", "have a null header name");
      }
      if (!TaskHeaders.KNOWN.contains(name)) {
        extra.put(name, r.extra(name));
      }
    }
    return new TaskHeaders(
        r.string("lang"),
        task,
        id,
        r.string("shadow"),
        r.isoDateTime("eta"),
        r.isoDateTime("expires"),
        r.string("group"),
        r.nullableInt("group_index", 0),
        retries == null ? 0 : retries,
        r.timelimit(),
        r.string("root_id"),
        r.string("parent_id"),
        r.string("argsrepr"),
        r.string("kwargsrepr"),
        r.string("origin"),
        r.bool("ignore_result", false),
        r.stringList("stamped_headers"),
        r.map("stamps"),
        extra);
  }

  /**
   * The headers as an ordered map in Celery's order (the 16 standard headers, then {@code
   * stamped_headers}/{@code stamps} when set, then extras), with Java types matching the AMQP field
   * types Celery produces: null (V), String (S), Integer (I), Boolean (t), List (A).
   */
  public static LinkedHashMap<String, Object> encodeHeaders(TaskHeaders h) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("lang", h.lang());
    m.put("task", h.task());
    m.put("id", h.id());
    m.put("shadow", h.shadow());
    m.put("eta", h.eta());
    m.put("expires", h.expires());
    m.put("group", h.group());
    m.put("group_index", h.groupIndex());
    m.put("retries", h.retries());
    m.put("timelimit", h.timelimit().toList());
    m.put("root_id", h.rootId());
    m.put("parent_id", h.parentId());
    m.put("argsrepr", h.argsrepr());
    m.put("kwargsrepr", h.kwargsrepr());
    m.put("origin", h.origin());
    m.put("ignore_result", h.ignoreResult());
    if (h.stampedHeaders() != null) {
      m.put("stamped_headers", h.stampedHeaders());
    }
    if (h.stamps() != null) {
      m.put("stamps", h.stamps());
    }
    m.putAll(h.extra());
    return m;
  }

  /** The body bytes exactly as Celery's {@code json.dumps} writes them. */
  public static byte[] encodeBody(TaskBody b) {
    return PythonDumps.dumpsBytes(b.toJson());
  }

  /** The headers as a JSON object, as the Redis envelope carries them. */
  public static ObjectNode headersToJson(TaskHeaders h) {
    return (ObjectNode) HeaderValues.toJson("headers", encodeHeaders(h));
  }

  /** Reads protocol v2 headers from a JSON object; {@code field} names it in errors. */
  public static TaskHeaders headersFromJson(String field, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ProtocolException(
          field, "is " + HeaderValues.describe(node) + "; expected an object of task headers");
    }
    return headersFromMap(HeaderValues.fromJsonObject(node));
  }
}
