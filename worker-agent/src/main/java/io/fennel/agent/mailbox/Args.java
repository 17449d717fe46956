package io.fennel.agent.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Reads a control request's arguments, failing with a {@link BadArgument} that names the value. */
final class Args {
  private final String method;
  private final ObjectNode json;

  Args(String method, ObjectNode json) {
    this.method = method;
    this.json = json;
  }

  private JsonNode get(String name) {
    JsonNode v = json.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private BadArgument bad(String name, String expected, JsonNode value) {
    return new BadArgument(
        method
            + ": argument '"
            + name
            + "' must be "
            + expected
            + ", was "
            + (value == null ? "missing" : value.toString()));
  }

  String string(String name) {
    JsonNode v = get(name);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw bad(name, "a non-empty string", v);
    }
    return v.textValue();
  }

  String optString(String name, String fallback) {
    JsonNode v = get(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw bad(name, "a string", v);
    }
    return v.textValue();
  }

  boolean bool(String name, boolean fallback) {
    JsonNode v = get(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw bad(name, "true or false", v);
    }
    return v.booleanValue();
  }

  int integer(String name, int fallback) {
    JsonNode v = get(name);
    if (v == null) {
      return fallback;
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    if (v.isTextual()) {
      try {
        return Integer.parseInt(v.textValue().trim());
      } catch (NumberFormatException e) {
        throw bad(name, "an integer", v);
      }
    }
    throw bad(name, "an integer", v);
  }

  int nonNegative(String name, int fallback) {
    int n = integer(name, fallback);
    if (n < 0) {
      throw new BadArgument(method + ": argument '" + name + "' must be >= 0, was " + n);
    }
    return n;
  }

  /** A string or a list of strings (Celery accepts both for task ids). */
  List<String> strings(String name) {
    JsonNode v = get(name);
    if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
      return List.of(v.textValue());
    }
    if (v != null && v.isArray()) {
      List<String> out = new ArrayList<>(v.size());
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw bad(name, "a string or a list of strings", v);
        }
        out.add(item.textValue());
      }
      return out;
    }
    throw bad(name, "a string or a list of strings", v);
  }

  /** Like {@link #strings} but missing means none. */
  List<String> optStrings(String name) {
    return get(name) == null ? List.of() : strings(name);
  }

  JsonNode raw(String name) {
    return get(name);
  }
}
