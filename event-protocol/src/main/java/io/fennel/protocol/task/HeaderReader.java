package io.fennel.protocol.task;

import io.fennel.protocol.ProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads typed task headers out of a map of plain Java values, refusing wrong types by name. */
final class HeaderReader {
  private final Map<String, Object> headers;

  HeaderReader(Map<String, Object> headers) {
    this.headers = headers;
  }

  private static String field(String name) {
    return "headers." + name;
  }

  String requiredString(String name) {
    if (!headers.containsKey(name) || headers.get(name) == null) {
      throw new ProtocolException(
          field(name),
          "is missing; a Celery protocol v2 task message needs the '" + name + "' header");
    }
    return string(name);
  }

  String string(String name) {
    Object v = headers.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    throw new ProtocolException(
        field(name), "is " + HeaderValues.describe(v) + "; expected a string or null");
  }

  String isoDateTime(String name) {
    String text = string(name);
    TaskHeaders.parseInstant(field(name), text);
    return text;
  }

  Integer nullableInt(String name, int min) {
    Object v = headers.get(name);
    if (v == null) {
      return null;
    }
    Long l = integral(v);
    if (l == null || l < min || l > Integer.MAX_VALUE) {
      throw new ProtocolException(
          field(name),
          "is "
              + HeaderValues.describe(v)
              + "; expected an integer from "
              + min
              + " to "
              + Integer.MAX_VALUE);
    }
    return l.intValue();
  }

  boolean bool(String name, boolean absent) {
    Object v = headers.get(name);
    if (v == null) {
      return absent;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ProtocolException(
        field(name), "is " + HeaderValues.describe(v) + "; expected true or false");
  }

  TimeLimit timelimit() {
    Object v = headers.get("timelimit");
    if (v == null) {
      return TimeLimit.NONE;
    }
    if (!(v instanceof List<?> list) || list.size() != 2) {
      throw new ProtocolException(
          field("timelimit"),
          "is " + HeaderValues.describe(v) + "; expected a list [hard, soft] of numbers or nulls");
    }
    return new TimeLimit(limit(0, list.get(0)), limit(1, list.get(1)));
  }

  private static Number limit(int index, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && !(n instanceof BigInteger) && !(n instanceof BigDecimal)) {
      if (n.doubleValue() >= 0 && !Double.isNaN(n.doubleValue())) {
        return n instanceof Float f ? (Number) f.doubleValue() : n;
      }
    }
    if (v instanceof BigDecimal d && d.signum() >= 0) {
      return d.doubleValue();
    }
    throw new ProtocolException(
        field("timelimit") + "[" + index + "]",
        "is "
            + HeaderValues.describe(v)
            + "; expected a non-negative number of seconds or null ("
            + (index == 0 ? "hard" : "soft")
            + " limit)");
  }

  List<String> stringList(String name) {
    Object v = headers.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      throw new ProtocolException(
          field(name), "is " + HeaderValues.describe(v) + "; expected a list of strings");
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof CharSequence s)) {
        throw new ProtocolException(
            field(name) + "[" + i + "]",
            "is " + HeaderValues.describe(list.get(i)) + "; expected a string");
      }
      out.add(s.toString());
    }
    return out;
  }

  Map<String, Object> map(String name) {
    Object v = headers.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw new ProtocolException(
          field(name), "is " + HeaderValues.describe(v) + "; expected a map");
    }
    return stringKeyed(field(name), map);
  }

  /** Checks an unknown header's value is representable (so it can be written back) and keeps it. */
  Object extra(String name) {
    Object v = headers.get(name);
    HeaderValues.toJson(field(name), v);
    return v instanceof CharSequence s ? s.toString() : v;
  }

  private static Map<String, Object> stringKeyed(String field, Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof CharSequence key)) {
        throw new ProtocolException(
            field, "has the non-string key " + HeaderValues.describe(e.getKey()));
      }
      HeaderValues.toJson(field + "." + key, e.getValue());
      out.put(key.toString(), e.getValue());
    }
    return out;
  }

  private static Long integral(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    return null;
  }
}
