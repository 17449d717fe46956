package io.fennel.core.broker.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.broker.MessageProperties;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.redis.EnvelopeProperties;
import io.fennel.protocol.redis.EnvelopeStreamReader;
import io.fennel.protocol.redis.RedisEnvelope;
import io.fennel.protocol.repr.PythonDumps;
import io.fennel.protocol.task.HeaderValues;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * Turns broker messages into kombu's Redis envelopes and back. A restored message carries {@code
 * "redelivered": true} in its headers and in {@code delivery_info}, as kombu marks it; the header
 * is read as {@link io.fennel.core.broker.Delivery#redelivered()} and left out of the headers
 * handed to consumers, so they see what was published.
 */
final class Envelopes {
  private static final String REDELIVERED = "redelivered";

  private Envelopes() {}

  /** A message read off a list or a channel. */
  record Received(
      String raw,
      String exchange,
      String routingKey,
      String deliveryTag,
      MessageProperties properties,
      byte[] body,
      boolean redelivered) {
    /** The same message under another delivery tag. */
    Received withDeliveryTag(String tag) {
      return new Received(raw, exchange, routingKey, tag, properties, body, redelivered);
    }
  }

  /** The envelope kombu would push for this message, as ASCII bytes; a fresh uuid4 delivery tag. */
  static byte[] encode(MessageProperties p, byte[] body, String exchange, String routingKey) {
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    p.headers().forEach((k, v) -> headers.set(k, HeaderValues.toJson("headers." + k, v)));
    EnvelopeProperties props =
        new EnvelopeProperties(
            p.correlationId(),
            p.replyTo(),
            p.deliveryMode(),
            p.expiration(),
            exchange,
            routingKey,
            p.priority() == null ? 0 : p.priority(),
            RedisEnvelope.BASE64,
            UUID.randomUUID().toString(),
            null);
    return RedisEnvelope.encode(
        body == null ? new byte[0] : body, p.contentEncoding(), p.contentType(), headers, props);
  }

  /**
   * Reads an envelope; {@code queue} stands in for a missing routing key.
   *
   * @throws io.fennel.protocol.ProtocolException when it is not a kombu envelope
   */
  static Received decode(String raw, String queue) {
    EnvelopeStreamReader.Decoded d = EnvelopeStreamReader.read(raw);
    if (d != null) {
      LinkedHashMap<String, Object> headers =
          d.headers() == null ? new LinkedHashMap<>() : d.headers();
      return received(
          raw, queue, d.contentType(), d.contentEncoding(), headers, d.properties(), d.body());
    }
    // not of the common shape: the tree reader's checks, and its errors
    RedisEnvelope e = RedisEnvelope.decode(raw);
    LinkedHashMap<String, Object> headers = new LinkedHashMap<>();
    if (e.headers() != null) {
      HeaderValues.putAll(headers, e.headers());
    }
    return received(
        raw, queue, e.contentType(), e.contentEncoding(), headers, e.properties(), e.bodyBytes());
  }

  private static Received received(
      String raw,
      String queue,
      String contentType,
      String contentEncoding,
      LinkedHashMap<String, Object> headers,
      EnvelopeProperties ep,
      byte[] body) {
    boolean redelivered = Boolean.TRUE.equals(headers.get(REDELIVERED));
    if (redelivered) {
      headers.remove(REDELIVERED);
    }
    MessageProperties properties =
        new MessageProperties(
            contentType,
            contentEncoding,
            MessageProperties.adopt(headers),
            ep.deliveryMode(),
            ep.priority(),
            ep.correlationId(),
            ep.replyTo(),
            ep.expiration());
    return new Received(
        raw,
        ep.exchange() == null ? "" : ep.exchange(),
        ep.routingKey() == null ? queue : ep.routingKey(),
        ep.deliveryTag(),
        properties,
        body,
        redelivered);
  }

  /** The envelope with kombu's redelivered marks set; everything else kept as it was. */
  static String markRedelivered(String raw) {
    JsonNode node = PythonJson.read("envelope", raw);
    if (!(node instanceof ObjectNode envelope)) {
      return raw;
    }
    if (envelope.get("headers") instanceof ObjectNode headers) {
      headers.put(REDELIVERED, true);
      if (envelope.get("properties") instanceof ObjectNode props
          && props.get("delivery_info") instanceof ObjectNode info) {
        info.put(REDELIVERED, true);
      }
    }
    return PythonDumps.dumps(envelope);
  }

  /**
   * The {@code unacked} hash value: {@code [envelope, exchange, routing_key]}, envelope as read.
   */
  static String unackedEntry(String raw, String exchange, String routingKey) {
    ArrayNode entry = JsonNodeFactory.instance.arrayNode();
    entry.add(PythonJson.read("envelope", raw));
    entry.add(exchange);
    entry.add(routingKey);
    return PythonDumps.dumps(entry);
  }
}
