package io.fennel.protocol.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a Java header value against a captured one-letter AMQP field type like {@code A[I,V]}. */
final class AmqpTypes {
  private AmqpTypes() {}

  static boolean matches(Object v, String type) {
    return switch (type.charAt(0)) {
      case 'S' -> v instanceof String;
      case 'V' -> v == null;
      case 'I' -> v instanceof Integer;
      case 'l' -> v instanceof Long;
      case 't' -> v instanceof Boolean;
      case 'd' -> v instanceof Double;
      case 'F' -> v instanceof Map;
      case 'A' -> {
        if (!(v instanceof List<?> list)) {
          yield false;
        }
        List<String> items = split(type.substring(2, type.length() - 1));
        if (items.size() != list.size()) {
          yield false;
        }
        for (int i = 0; i < items.size(); i++) {
          if (!matches(list.get(i), items.get(i))) {
            yield false;
          }
        }
        yield true;
      }
      default -> throw new IllegalArgumentException("unknown AMQP type " + type);
    };
  }

  private static List<String> split(String inner) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(inner.substring(start, i));
        start = i + 1;
      }
    }
    if (!inner.isEmpty()) {
      out.add(inner.substring(start));
    }
    return out;
  }
}
