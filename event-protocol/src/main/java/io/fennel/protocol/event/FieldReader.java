package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed fields out of one event object, turning every missing or ill-typed field into a
 * {@link ProtocolException} that names it and its value, and remembers which fields were read so
 * the rest can be kept as extras.
 */
final class FieldReader {
  private final ObjectNode node;
  private final String prefix;
  private final Set<String> read = new HashSet<>();

  FieldReader(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  String requireString(String name) {
    String value = optString(name);
    if (value == null) {
      throw missing(name, "a string");
    }
    return value;
  }

  String optString(String name) {
    JsonNode value = take(name);
    if (isNull(value)) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrong(name, "a string", value);
    }
    return value.textValue();
  }

  long requireLong(String name) {
    JsonNode value = take(name);
    if (isNull(value)) {
      throw missing(name, "an integer");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrong(name, "an integer", value);
    }
    return value.longValue();
  }

  int requireInt(String name) {
    Integer value = optInt(name);
    if (value == null) {
      throw missing(name, "an integer");
    }
    return value;
  }

  Integer optInt(String name) {
    JsonNode value = take(name);
    if (isNull(value)) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrong(name, "a 32-bit integer", value);
    }
    return value.intValue();
  }

  Boolean optBoolean(String name) {
    JsonNode value = take(name);
    if (isNull(value)) {
      return null;
    }
    if (!value.isBoolean()) {
      throw wrong(name, "true or false", value);
    }
    return value.booleanValue();
  }

  double requireDouble(String name) {
    Double value = optDouble(name);
    if (value == null) {
      throw missing(name, "a number");
    }
    return value;
  }

  Double optDouble(String name) {
    JsonNode value = take(name);
    if (isNull(value)) {
      return null;
    }
    if (!value.isNumber()) {
      throw wrong(name, "a number", value);
    }
    return value.doubleValue();
  }

  List<Double> optDoubleList(String name) {
    JsonNode value = take(name);
    if (isNull(value)) {
      return null;
    }
    if (!value.isArray()) {
      throw wrong(name, "a list of numbers", value);
    }
    List<Double> numbers = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isNumber()) {
        throw wrong(name, "a list of numbers", value);
      }
      numbers.add(item.doubleValue());
    }
    return numbers;
  }

  /** Every field not read so far, in arrival order. */
  Map<String, JsonNode> rest() {
    Map<String, JsonNode> rest = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!read.contains(e.getKey())) {
        rest.put(e.getKey(), e.getValue());
      }
    }
    return rest;
  }

  private JsonNode take(String name) {
    read.add(name);
    return node.get(name);
  }

  private static boolean isNull(JsonNode value) {
    return value == null || value.isNull();
  }

  private ProtocolException missing(String name, String expected) {
    JsonNode value = node.get(name);
    return new ProtocolException(
        prefix + name,
        (value == null ? "is missing" : "is null")
            + "; expected "
            + expected
            + " in "
            + excerpt(node));
  }

  private ProtocolException wrong(String name, String expected, JsonNode value) {
    return new ProtocolException(prefix + name, "must be " + expected + ", was " + excerpt(value));
  }

  static String excerpt(JsonNode value) {
    return PythonJson.excerpt(value.toString());
  }
}
