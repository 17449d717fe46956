package io.fennel.protocol.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.task.HeaderValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code properties} object of kombu's Redis envelope; {@code delivery_info} is flattened into
 * {@code exchange}/{@code routingKey}, unknown keys are kept in order in {@code extra}, and a null
 * component means the key is absent (events and pidbox messages have no correlation_id/reply_to).
 */
public record EnvelopeProperties(
    String correlationId,
    String replyTo,
    Integer deliveryMode,
    String expiration,
    String exchange,
    String routingKey,
    Integer priority,
    String bodyEncoding,
    String deliveryTag,
    Map<String, JsonNode> extra) {

  private static final Set<String> KNOWN =
      Set.of(
          "correlation_id",
          "reply_to",
          "delivery_mode",
          "expiration",
          "delivery_info",
          "priority",
          "body_encoding",
          "delivery_tag");

  public EnvelopeProperties {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** The properties object in kombu's key order, absent components left out. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    putIf(o, "correlation_id", correlationId);
    putIf(o, "reply_to", replyTo);
    if (deliveryMode != null) {
      o.put("delivery_mode", deliveryMode);
    }
    putIf(o, "expiration", expiration);
    if (exchange != null || routingKey != null) {
      ObjectNode info = o.putObject("delivery_info");
      info.put("exchange", exchange);
      info.put("routing_key", routingKey);
    }
    if (priority != null) {
      o.put("priority", priority);
    }
    putIf(o, "body_encoding", bodyEncoding);
    putIf(o, "delivery_tag", deliveryTag);
    extra.forEach(o::set);
    return o;
  }

  private static void putIf(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  /** Reads the properties object at {@code field}. */
  public static EnvelopeProperties fromJson(String field, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ProtocolException(
          field, "is " + HeaderValues.describe(node) + "; expected an object");
    }
    JsonNode info = node.get("delivery_info");
    String exchange = null;
    String routingKey = null;
    if (info != null && !info.isNull()) {
      if (!info.isObject()) {
        throw new ProtocolException(
            field + ".delivery_info",
            "is " + HeaderValues.describe(info) + "; expected {exchange, routing_key}");
      }
      exchange = text(field + ".delivery_info", info, "exchange");
      routingKey = text(field + ".delivery_info", info, "routing_key");
    }
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!KNOWN.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue());
      }
    }
    return new EnvelopeProperties(
        text(field, node, "correlation_id"),
        text(field, node, "reply_to"),
        integer(field, node, "delivery_mode"),
        text(field, node, "expiration"),
        exchange,
        routingKey,
        integer(field, node, "priority"),
        text(field, node, "body_encoding"),
        text(field, node, "delivery_tag"),
        extra);
  }

  static String text(String field, JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ProtocolException(
          field + "." + key, "is " + HeaderValues.describe(v) + "; expected a string");
    }
    return v.textValue();
  }

  private static Integer integer(String field, JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new ProtocolException(
          field + "." + key, "is " + HeaderValues.describe(v) + "; expected an int");
    }
    return v.intValue();
  }
}
