package io.fennel.protocol.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.repr.PythonDumps;
import io.fennel.protocol.task.HeaderValues;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageCodec;
import io.fennel.protocol.task.TaskProperties;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * kombu's Redis transport envelope, the JSON pushed onto a list or published on a channel: {@code
 * {"body" (base64), "content-encoding", "content-type", "headers", "properties"}}. Top-level keys
 * other than these five are not kept.
 */
public record RedisEnvelope(
    String body,
    String contentEncoding,
    String contentType,
    ObjectNode headers,
    EnvelopeProperties properties) {

  /** The only body encoding kombu's Redis transport uses. */
  public static final String BASE64 = "base64";

  /** Reads an envelope, checking that its body decodes. */
  public static RedisEnvelope decode(String json) {
    JsonNode node = PythonJson.read("envelope", json);
    if (!node.isObject()) {
      throw new ProtocolException(
          "envelope", "is " + HeaderValues.describe(node) + "; expected a JSON object");
    }
    JsonNode body = node.get("body");
    if (body == null || !body.isTextual()) {
      throw new ProtocolException(
          "envelope.body", "is " + HeaderValues.describe(body) + "; expected a base64 string");
    }
    JsonNode headers = node.get("headers");
    if (headers != null && !headers.isNull() && !headers.isObject()) {
      throw new ProtocolException(
          "envelope.headers", "is " + HeaderValues.describe(headers) + "; expected an object");
    }
    JsonNode props = node.get("properties");
    RedisEnvelope envelope =
        new RedisEnvelope(
            body.textValue(),
            EnvelopeProperties.text("envelope", node, "content-encoding"),
            EnvelopeProperties.text("envelope", node, "content-type"),
            headers == null || headers.isNull() ? null : (ObjectNode) headers,
            EnvelopeProperties.fromJson("envelope.properties", props));
    envelope.bodyBytes();
    return envelope;
  }

  /** The envelope text with kombu's key order and Python's separators. */
  public String encode() {
    return PythonDumps.dumps(toJson());
  }

  /** How every encoded envelope starts: {@code body} is its first key. */
  private static final String BODY_KEY = "{\"body\": \"";

  /**
   * The text of the envelope carrying {@code rawBody} base64-encoded, as ASCII bytes: the same
   * bytes as {@link #encode} of that envelope, with the base64 written straight into them (never
   * built, scanned for escapes or copied as a string, which for an event batch was most of the cost
   * of publishing it).
   */
  public static byte[] encode(
      byte[] rawBody,
      String contentEncoding,
      String contentType,
      ObjectNode headers,
      EnvelopeProperties properties) {
    byte[] rest =
        new RedisEnvelope("", contentEncoding, contentType, headers, properties)
            .encode()
            .getBytes(StandardCharsets.US_ASCII); // dumps escapes everything outside ASCII
    byte[] body = Base64.getEncoder().encode(rawBody);
    int at = BODY_KEY.length(); // the empty body's closing quote
    byte[] out = new byte[rest.length + body.length];
    System.arraycopy(rest, 0, out, 0, at);
    System.arraycopy(body, 0, out, at, body.length);
    System.arraycopy(rest, at, out, at + body.length, rest.length - at);
    return out;
  }

  /** The envelope as a JSON object. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("body", body);
    o.put("content-encoding", contentEncoding);
    o.put("content-type", contentType);
    o.set("headers", headers == null ? JsonNodeFactory.instance.objectNode() : headers);
    o.set("properties", properties.toJson());
    return o;
  }

  /** The message body bytes (base64-decoded). */
  public byte[] bodyBytes() {
    String encoding = properties.bodyEncoding();
    if (encoding != null && !encoding.equals(BASE64)) {
      throw new ProtocolException(
          "envelope.properties.body_encoding",
          "is " + HeaderValues.describe(encoding) + "; expected 'base64'");
    }
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          "envelope.body",
          "is not valid base64 (" + e.getMessage() + "): " + PythonJson.excerpt(body),
          e);
    }
  }

  /**
   * The envelope kombu pushes for a task message routed via {@code exchange}/{@code routingKey}.
   */
  public static RedisEnvelope ofTask(
      TaskMessage m, String exchange, String routingKey, String deliveryTag) {
    TaskProperties p = m.properties();
    String body = Base64.getEncoder().encodeToString(TaskMessageCodec.encodeBody(m.body()));
    EnvelopeProperties props =
        new EnvelopeProperties(
            p.correlationId(),
            p.replyTo(),
            p.deliveryMode(),
            p.expiration(),
            exchange,
            routingKey,
            p.priority() == null ? 0 : p.priority(),
            BASE64,
            deliveryTag,
            null);
    return new RedisEnvelope(
        body,
        p.contentEncoding(),
        p.contentType(),
        TaskMessageCodec.headersToJson(m.headers()),
        props);
  }

  /** Decodes the task message this envelope carries. */
  public TaskMessage toTaskMessage() {
    TaskProperties p =
        new TaskProperties(
            contentType,
            contentEncoding,
            properties.deliveryMode(),
            properties.priority(),
            properties.correlationId(),
            properties.replyTo(),
            properties.expiration());
    return TaskMessageCodec.decode(
        p, headers == null ? null : HeaderValues.fromJsonObject(headers), bodyBytes());
  }
}
