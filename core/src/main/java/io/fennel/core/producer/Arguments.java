package io.fennel.core.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import java.util.List;
import java.util.Map;

/**
 * A task's Java arguments as the JSON trees its message carries, as {@code
 * PythonJson.MAPPER.valueToTree} makes them. Jackson's conversion serializes into a token buffer
 * and parses that back even for an empty list, which was an eighth of a {@code delay()} loop's
 * time; the values a task call usually holds (strings, ints, longs, booleans, null, and lists and
 * string-keyed maps of them) are put in the tree directly, and only the rest (floats, decimals,
 * dates, beans) still go through Jackson, one value at a time, so each comes out as before ({@code
 * ArgumentsTest} holds the two to the same nodes).
 */
public final class Arguments {
  private static final JsonNodeFactory NODES = PythonJson.MAPPER.getNodeFactory();

  private Arguments() {}

  /** Positional arguments; null is none. */
  public static ArrayNode args(List<?> args) {
    ArrayNode out = NODES.arrayNode(args == null ? 0 : args.size());
    if (args != null) {
      for (Object v : args) {
        out.add(node(v));
      }
    }
    return out;
  }

  /** Keyword arguments; null is none. */
  public static ObjectNode kwargs(Map<String, ?> kwargs) {
    if (kwargs == null || kwargs.isEmpty()) {
      return NODES.objectNode();
    }
    return (ObjectNode) node(kwargs); // a map, in the tree directly or through Jackson
  }

  private static JsonNode node(Object v) {
    return switch (v) {
      case null -> NODES.nullNode();
      case String s -> NODES.textNode(s);
      case Integer i -> NODES.numberNode(i);
      case Long l -> NODES.numberNode(l);
      case Boolean b -> NODES.booleanNode(b);
      case List<?> list -> {
        ArrayNode a = NODES.arrayNode(list.size());
        for (Object item : list) {
          a.add(node(item));
        }
        yield a;
      }
      case Map<?, ?> map when stringKeys(map) -> {
        ObjectNode o = NODES.objectNode();
        map.forEach((k, item) -> o.set((String) k, node(item)));
        yield o;
      }
      default -> {
        JsonNode n = PythonJson.MAPPER.valueToTree(v);
        yield n == null ? NODES.nullNode() : n;
      }
    };
  }

  private static boolean stringKeys(Map<?, ?> map) {
    for (Object k : map.keySet()) {
      if (!(k instanceof String)) {
        return false;
      }
    }
    return true;
  }
}
