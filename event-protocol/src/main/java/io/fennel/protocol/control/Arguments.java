package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one command's arguments with the leniency of Celery's worker, which takes what Python makes
 * of the JSON: Python's truthiness for booleans, ints, floats and numeric strings for numbers, one
 * id or a list of ids. What it cannot read fails with a {@link CommandArgumentException} naming the
 * argument, the value and the forms accepted. A JSON null is read as missing where a value is
 * wanted (as Celery's keyword defaults read {@code None}), and as false for a flag.
 */
final class Arguments {
  private final String method;
  private final ObjectNode json;

  Arguments(String method, ObjectNode json) {
    this.method = method;
    this.json = json;
  }

  String method() {
    return method;
  }

  /** The value, or null when missing or JSON null. */
  JsonNode get(String name) {
    JsonNode v = json.get(name);
    return v == null || v.isNull() ? null : v;
  }

  CommandArgumentException bad(String name, String expected, JsonNode value) {
    return new CommandArgumentException(
        method,
        name,
        "argument '"
            + name
            + "' must be "
            + expected
            + ", was "
            + (value == null ? "missing" : PythonJson.excerpt(value.toString())));
  }

  /** A required non-blank string; numbers are taken as their text. */
  String text(String name, String what) {
    String s = optText(name, what);
    if (s == null || s.isBlank()) {
      throw bad(name, what, get(name));
    }
    return s;
  }

  /** An optional string (null when missing); numbers are taken as their text. */
  String optText(String name, String what) {
    JsonNode v = get(name);
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return v.asText();
    }
    throw bad(name, what, v);
  }

  /**
   * A flag read exactly as Python's truthiness reads the JSON, as Celery's worker does: false, 0,
   * 0.0, "", [], {} and null are false; everything else is true, including every non-empty string
   * ("0", "no" and "False" too). Missing is {@code fallback}; nothing is refused.
   */
  boolean flag(String name, boolean fallback) {
    JsonNode v = json.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isFloatingPointNumber()) {
      return v.doubleValue() != 0;
    }
    if (v.isNumber()) {
      return v.bigIntegerValue().signum() != 0;
    }
    if (v.isTextual()) {
      return !v.textValue().isEmpty();
    }
    if (v.isContainerNode()) {
      return !v.isEmpty();
    }
    return true;
  }

  /** A flag that may be missing (null). */
  Boolean optFlag(String name) {
    return get(name) == null ? null : flag(name, false);
  }

  /**
   * A whole number given as an int, a float with no fraction ({@code 2.0}) or a numeric string
   * ({@code "2"}), at least {@code min}.
   */
  int count(String name, int fallback, int min) {
    Integer n = optCount(name, min);
    return n == null ? fallback : n;
  }

  /** Like {@link #count} but missing is null. */
  Integer optCount(String name, int min) {
    JsonNode v = get(name);
    if (v == null) {
      return null;
    }
    String expected = "a whole number >= " + min + " (e.g. 2 or \"2\")";
    BigDecimal d = decimal(v);
    int n;
    try {
      n = d == null ? Integer.MIN_VALUE : d.intValueExact();
    } catch (ArithmeticException e) {
      throw bad(name, expected, v);
    }
    if (d == null || n < min) {
      throw bad(name, expected, v);
    }
    return n;
  }

  /**
   * Seconds given as an int, a float or a numeric string; missing, null and 0 mean none (Celery
   * reads a falsy limit as no limit).
   */
  Double seconds(String name) {
    JsonNode v = get(name);
    if (v == null) {
      return null;
    }
    BigDecimal d = decimal(v);
    String expected = "a number of seconds > 0, 0 or null for none (e.g. 10, 2.5 or \"10\")";
    if (d == null || d.signum() < 0) {
      throw bad(name, expected, v);
    }
    double s = d.doubleValue();
    if (Double.isInfinite(s)) {
      throw bad(name, expected, v);
    }
    return s == 0 ? null : s;
  }

  /** A signal name or number; missing means SIGTERM, as Celery's default. */
  Signal signal(String name) {
    JsonNode v = get(name);
    if (v == null) {
      return Signal.SIGTERM;
    }
    return Signal.fromJson(v).orElseThrow(() -> bad(name, Signal.ACCEPTED, v));
  }

  /** Whether the argument is there, even as JSON null. */
  boolean has(String name) {
    return json.has(name);
  }

  /** One string or a list of strings (Celery's {@code maybe_list}); missing is a failure. */
  List<String> ids(String name, String what) {
    JsonNode v = get(name);
    String expected = what + " or a list of them";
    if (v != null && v.isTextual() && !v.textValue().isBlank()) {
      return List.of(v.textValue());
    }
    if (v != null && v.isArray()) {
      List<String> out = new ArrayList<>(v.size());
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw bad(name, expected, v);
        }
        out.add(item.textValue());
      }
      return out;
    }
    throw bad(name, expected, v);
  }

  /** Like {@link #ids} but missing means none. */
  List<String> optIds(String name, String what) {
    return get(name) == null ? List.of() : ids(name, what);
  }

  /** A JSON object of {@code id: epoch seconds} (mingle's revoked ids); missing means none. */
  Map<String, Double> stamps(String name) {
    JsonNode v = get(name);
    Map<String, Double> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw bad(name, "an object of {task id: epoch seconds}", v);
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      JsonNode t = e.getValue();
      out.put(e.getKey(), t.isNumber() ? t.doubleValue() : null);
    }
    return out;
  }

  /** The arguments not in {@code known}, in order (kept for commands that pass them on). */
  Map<String, JsonNode> rest(Set<String> known) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      if (!known.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue().deepCopy());
      }
    }
    return out;
  }

  private static BigDecimal decimal(JsonNode v) {
    if (v.isNumber()) {
      return v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())
          ? null
          : v.decimalValue();
    }
    if (v.isTextual()) {
      try {
        return new BigDecimal(v.textValue().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
