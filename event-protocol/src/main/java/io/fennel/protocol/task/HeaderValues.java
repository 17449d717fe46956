package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts header values between plain Java (as an AMQP client hands them over: String, Integer,
 * Long, Boolean, Double, BigDecimal, List, Map, null) and JSON (as the Redis envelope carries
 * them).
 */
public final class HeaderValues {
  private HeaderValues() {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * A JSON value as plain Java: ints become Integer (Long or BigInteger when larger), floats
   * Double, strings String, arrays unmodifiable lists and objects ordered unmodifiable maps.
   */
  public static Object fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      if (node.canConvertToInt()) {
        return node.intValue();
      }
      if (node.canConvertToLong()) {
        return node.longValue();
      }
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode item : node) {
        list.add(fromJson(item));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isObject()) {
      return fromJsonObject(node);
    }
    return node.asText();
  }

  /** A JSON object as an ordered, unmodifiable map of plain Java values. */
  public static Map<String, Object> fromJsonObject(JsonNode object) {
    return Collections.unmodifiableMap(putAll(new LinkedHashMap<>(), object));
  }

  /** Puts {@code object}'s members into {@code map} as plain Java values, in order; returns it. */
  public static Map<String, Object> putAll(Map<String, Object> map, JsonNode object) {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      map.put(e.getKey(), fromJson(e.getValue()));
    }
    return map;
  }

  /**
   * A plain Java header value as JSON; {@code field} names it in the {@link ProtocolException}
   * thrown for a type JSON cannot carry.
   */
  public static JsonNode toJson(String field, Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof CharSequence s) {
      return JSON.textNode(s.toString());
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return JSON.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return JSON.numberNode(l);
    }
    if (value instanceof BigInteger b) {
      return JSON.numberNode(b);
    }
    if (value instanceof BigDecimal d) {
      return JSON.numberNode(d);
    }
    if (value instanceof Double || value instanceof Float) {
      return JSON.numberNode(((Number) value).doubleValue());
    }
    if (value instanceof List<?> list) {
      ArrayNode array = JSON.arrayNode();
      for (int i = 0; i < list.size(); i++) {
        array.add(toJson(field + "[" + i + "]", list.get(i)));
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = JSON.objectNode();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof CharSequence key)) {
          throw new ProtocolException(
              field, "has a non-string key " + describe(e.getKey()) + "; expected string keys");
        }
        object.set(key.toString(), toJson(field + "." + key, e.getValue()));
      }
      return object;
    }
    throw new ProtocolException(
        field,
        "has a value of unsupported type "
            + value.getClass().getName()
            + " ("
            + PythonJson.excerpt(String.valueOf(value))
            + "); expected a string, number, boolean, null, list or map");
  }

  /** A value for an error message: strings quoted, others with their type. */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof CharSequence s) {
      return PythonJson.excerpt(s.toString()) + " (a string)";
    }
    if (value instanceof JsonNode node) {
      return PythonJson.excerpt(node.toString())
          + " (JSON "
          + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + ")";
    }
    return PythonJson.excerpt(String.valueOf(value))
        + " ("
        + value.getClass().getSimpleName()
        + ")";
  }
}
