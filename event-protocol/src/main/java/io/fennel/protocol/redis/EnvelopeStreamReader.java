package io.fennel.protocol.redis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a kombu envelope token by token straight into plain Java values, without the JSON tree
 * {@link RedisEnvelope#decode} builds and {@link io.fennel.protocol.task.HeaderValues} then walks:
 * the same values for every envelope it accepts. Anything it does not expect (a value of the wrong
 * type, a body that is not base64, invalid JSON, a duplicate key) makes it answer null, and the
 * caller takes {@link RedisEnvelope#decode}, whose checks and error messages stay the only ones.
 */
public final class EnvelopeStreamReader {
  private EnvelopeStreamReader() {}

  /**
   * An envelope as plain values.
   *
   * @param body the decoded body
   * @param headers the headers in their order (null when absent or null), as {@link
   *     io.fennel.protocol.task.HeaderValues#putAll} makes them
   */
  public record Decoded(
      byte[] body,
      String contentEncoding,
      String contentType,
      LinkedHashMap<String, Object> headers,
      EnvelopeProperties properties) {}

  /** Thrown inside to give up on this envelope; never leaves the class. */
  private static final class NotCommon extends Exception {
    private static final long serialVersionUID = 1L;
    private static final NotCommon INSTANCE = new NotCommon();

    private NotCommon() {
      super(null, null, false, false);
    }
  }

  /** The envelope, or null when it is not of the common shape (then decode it the tree way). */
  public static Decoded read(String json) {
    if (json == null) {
      return null;
    }
    try (JsonParser p = PythonJson.MAPPER.createParser(json.getBytes(StandardCharsets.UTF_8))) {
      Decoded d = envelope(p);
      return p.nextToken() == null ? d : null; // trailing content: let the tree path judge it
    } catch (IOException | NotCommon | RuntimeException e) {
      return null;
    }
  }

  private static Decoded envelope(JsonParser p) throws IOException, NotCommon {
    expect(p.nextToken() == JsonToken.START_OBJECT);
    String body = null;
    String contentEncoding = null;
    String contentType = null;
    LinkedHashMap<String, Object> headers = null;
    EnvelopeProperties properties = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      switch (key) {
        case "body" -> {
          expect(t == JsonToken.VALUE_STRING);
          body = p.getText();
        }
        case "content-encoding" -> contentEncoding = textOrNull(p, t);
        case "content-type" -> contentType = textOrNull(p, t);
        case "headers" -> {
          if (t == JsonToken.START_OBJECT) {
            headers = new LinkedHashMap<>();
            members(p, headers);
          } else {
            expect(t == JsonToken.VALUE_NULL);
          }
        }
        case "properties" -> {
          expect(t == JsonToken.START_OBJECT);
          properties = properties(p);
        }
        default -> p.skipChildren(); // other top-level keys are not kept
      }
    }
    expect(body != null && properties != null);
    String encoding = properties.bodyEncoding();
    expect(encoding == null || encoding.equals(RedisEnvelope.BASE64));
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw NotCommon.INSTANCE;
    }
    return new Decoded(bytes, contentEncoding, contentType, headers, properties);
  }

  private static EnvelopeProperties properties(JsonParser p) throws IOException, NotCommon {
    String correlationId = null;
    String replyTo = null;
    Integer deliveryMode = null;
    String expiration = null;
    String exchange = null;
    String routingKey = null;
    Integer priority = null;
    String bodyEncoding = null;
    String deliveryTag = null;
    Map<String, JsonNode> extra = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      switch (key) {
        case "correlation_id" -> correlationId = textOrNull(p, t);
        case "reply_to" -> replyTo = textOrNull(p, t);
        case "delivery_mode" -> deliveryMode = intOrNull(p, t);
        case "expiration" -> expiration = textOrNull(p, t);
        case "priority" -> priority = intOrNull(p, t);
        case "body_encoding" -> bodyEncoding = textOrNull(p, t);
        case "delivery_tag" -> deliveryTag = textOrNull(p, t);
        case "delivery_info" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String inner = p.currentName();
              JsonToken v = p.nextToken();
              switch (inner) {
                case "exchange" -> exchange = textOrNull(p, v);
                case "routing_key" -> routingKey = textOrNull(p, v);
                default -> p.skipChildren(); // redelivered and the like are not read
              }
            }
          } else {
            expect(t == JsonToken.VALUE_NULL);
          }
        }
        default -> {
          if (extra == null) {
            extra = new LinkedHashMap<>();
          }
          extra.put(key, p.readValueAsTree());
        }
      }
    }
    return new EnvelopeProperties(
        correlationId,
        replyTo,
        deliveryMode,
        expiration,
        exchange,
        routingKey,
        priority,
        bodyEncoding,
        deliveryTag,
        extra);
  }

  /** An object's members, after its START_OBJECT, into {@code into}. */
  private static void members(JsonParser p, Map<String, Object> into)
      throws IOException, NotCommon {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      into.put(key, value(p, p.nextToken()));
    }
  }

  /** The value at token {@code t} as {@code HeaderValues.fromJson} gives it. */
  private static Object value(JsonParser p, JsonToken t) throws IOException, NotCommon {
    return switch (t) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> p.getIntValue();
            case LONG -> p.getLongValue();
            default -> p.getBigIntegerValue();
          };
      // the tree keeps a decimal and converts it; NaN and the infinities are doubles already
      case VALUE_NUMBER_FLOAT -> p.isNaN() ? p.getDoubleValue() : p.getDecimalValue().doubleValue();
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
          list.add(value(p, item));
        }
        yield Collections.unmodifiableList(list);
      }
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        members(p, map);
        yield Collections.unmodifiableMap(map);
      }
      default -> throw NotCommon.INSTANCE;
    };
  }

  private static String textOrNull(JsonParser p, JsonToken t) throws IOException, NotCommon {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(t == JsonToken.VALUE_STRING);
    return p.getText();
  }

  private static Integer intOrNull(JsonParser p, JsonToken t) throws IOException, NotCommon {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT);
    return p.getIntValue();
  }

  private static void expect(boolean common) throws NotCommon {
    if (!common) {
      throw NotCommon.INSTANCE;
    }
  }
}
