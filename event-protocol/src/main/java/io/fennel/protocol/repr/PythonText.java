package io.fennel.protocol.repr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The tree walk that {@code json.dumps} and {@code repr} share: lists as {@code [a, b]}, dicts as
 * {@code {k: v}} with Python's separators. Each writer says how it spells null, booleans, numbers
 * and strings.
 */
abstract class PythonText {
  abstract String none();

  abstract String bool(boolean b);

  abstract void number(StringBuilder out, JsonNode n);

  abstract void string(StringBuilder out, String s);

  final void write(StringBuilder out, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append(none());
    } else if (node.isBoolean()) {
      out.append(bool(node.booleanValue()));
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      number(out, node);
    } else if (node.isTextual()) {
      string(out, node.textValue());
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        write(out, node.get(i));
      }
      out.append(']');
    } else if (node.isObject()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        string(out, e.getKey());
        out.append(": ");
        write(out, e.getValue());
      }
      out.append('}');
    } else {
      // Binary or POJO nodes never come out of a JSON parser; write their text form.
      string(out, node.asText());
    }
  }
}
