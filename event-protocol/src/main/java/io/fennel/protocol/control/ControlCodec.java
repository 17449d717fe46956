package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes pidbox (remote control) bodies and headers exactly as Celery does: requests on
 * {@code celery.pidbox}, replies {@code {node: payload}} on {@code reply.celery.pidbox}.
 */
public final class ControlCodec {
  private ControlCodec() {}

  private static final Set<String> REQUEST_FIELDS =
      Set.of("method", "arguments", "destination", "pattern", "matcher", "ticket", "reply_to");

  /**
   * Decodes a request body.
   *
   * @throws ProtocolException naming the field and value when the body is not a valid request
   */
  public static ControlRequest decodeRequest(byte[] body) {
    JsonNode json = PythonJson.read("body", body);
    if (!json.isObject()) {
      throw new ProtocolException("body", "must be a JSON object, was " + excerpt(json));
    }
    JsonNode method = json.get("method");
    if (method == null || !method.isTextual() || method.textValue().isEmpty()) {
      throw new ProtocolException(
          "method",
          "must be a non-empty string, was " + (method == null ? "missing" : excerpt(method)));
    }
    JsonNode arguments = json.get("arguments");
    if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
      throw new ProtocolException("arguments", "must be a JSON object, was " + excerpt(arguments));
    }
    String pattern = optString(json, "pattern");
    String matcher = optString(json, "matcher");
    if (pattern != null && !pattern.isEmpty()) {
      NodeMatcher.compile(pattern, matcher);
    } else if (matcher != null
        && !matcher.equals(NodeMatcher.GLOB)
        && !matcher.equals(NodeMatcher.PCRE)) {
      throw new ProtocolException(
          "matcher", "must be 'glob' or 'pcre' (or null for glob), was '" + matcher + "'");
    }
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      if (!REQUEST_FIELDS.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue());
      }
    }
    return new ControlRequest(
        method.textValue(),
        arguments == null || arguments.isNull() ? null : (ObjectNode) arguments,
        destination(json.get("destination")),
        pattern,
        matcher,
        optString(json, "ticket"),
        replyTo(json.get("reply_to")),
        extra);
  }

  /**
   * Encodes a request: {@code method, arguments, destination, pattern, matcher}, then {@code
   * ticket} and {@code reply_to} when present, then the extras.
   */
  public static byte[] encodeRequest(ControlRequest request) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("method", request.method());
    o.set("arguments", request.arguments());
    if (request.destination() == null) {
      o.putNull("destination");
    } else {
      request.destination().forEach(o.putArray("destination")::add);
    }
    o.set("pattern", text(request.pattern()));
    o.set("matcher", text(request.matcher()));
    if (request.ticket() != null) {
      o.put("ticket", request.ticket());
    }
    if (request.replyTo() != null) {
      ObjectNode replyTo = o.putObject("reply_to");
      replyTo.put("exchange", request.replyTo().exchange());
      replyTo.put("routing_key", request.replyTo().routingKey());
    }
    request.extra().forEach((k, v) -> o.set(k, v.deepCopy()));
    return PythonJson.writeBytes(o);
  }

  /**
   * A request's message headers, in Celery's order: {@code clock} (an Integer, AMQP {@code I}, when
   * it fits, else a Long) and {@code expires} (a Double epoch, AMQP {@code d}).
   */
  public static Map<String, Object> requestHeaders(long clock, double expiresEpochSeconds) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("clock", clockValue(clock));
    headers.put("expires", expiresEpochSeconds);
    return Collections.unmodifiableMap(headers);
  }

  /**
   * Decodes a reply body {@code {node: payload}}.
   *
   * @throws ProtocolException when the body is not a JSON object
   */
  public static Map<String, JsonNode> decodeReply(byte[] body) {
    JsonNode json = PythonJson.read("body", body);
    if (!json.isObject()) {
      throw new ProtocolException(
          "body", "must be a JSON object {node: reply}, was " + excerpt(json));
    }
    Map<String, JsonNode> replies = new LinkedHashMap<>();
    json.properties().forEach(e -> replies.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(replies);
  }

  /** Encodes one node's reply as {@code {node: payload}}. */
  public static byte[] encodeReply(String node, JsonNode payload) {
    Objects.requireNonNull(node, "node");
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set(node, payload == null ? NullNode.instance : payload);
    return PythonJson.writeBytes(o);
  }

  /** A reply's message headers, in Celery's order: {@code ticket}, then {@code clock}. */
  public static Map<String, Object> replyHeaders(String ticket, long clock) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("ticket", Objects.requireNonNull(ticket, "ticket"));
    headers.put("clock", clockValue(clock));
    return Collections.unmodifiableMap(headers);
  }

  /** The reply control commands give on success: {@code {"ok": message}}. */
  public static ObjectNode ok(String message) {
    return JsonNodeFactory.instance.objectNode().put("ok", message);
  }

  /** The reply control commands give on failure: {@code {"error": message}}. */
  public static ObjectNode error(String message) {
    return JsonNodeFactory.instance.objectNode().put("error", message);
  }

  private static Object clockValue(long clock) {
    return clock >= Integer.MIN_VALUE && clock <= Integer.MAX_VALUE ? (Object) (int) clock : clock;
  }

  private static List<String> destination(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new ProtocolException(
          "destination", "must be a list of node names or null, was " + excerpt(node));
    }
    List<String> nodes = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new ProtocolException(
            "destination", "must be a list of node names, has " + excerpt(item));
      }
      nodes.add(item.textValue());
    }
    return nodes;
  }

  private static ReplyTo replyTo(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new ProtocolException(
          "reply_to", "must be {exchange, routing_key} or null, was " + excerpt(node));
    }
    String exchange = requireString(node, "reply_to.exchange", "exchange");
    String routingKey = requireString(node, "reply_to.routing_key", "routing_key");
    return new ReplyTo(exchange, routingKey);
  }

  private static String optString(JsonNode json, String name) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ProtocolException(name, "must be a string or null, was " + excerpt(value));
    }
    return value.textValue();
  }

  private static String requireString(JsonNode json, String field, String name) {
    JsonNode value = json.get(name);
    if (value == null || !value.isTextual()) {
      throw new ProtocolException(
          field, "must be a string, was " + (value == null ? "missing" : excerpt(value)));
    }
    return value.textValue();
  }

  private static JsonNode text(String value) {
    return value == null ? NullNode.instance : JsonNodeFactory.instance.textNode(value);
  }

  private static String excerpt(JsonNode value) {
    return PythonJson.excerpt(value.toString());
  }
}
