package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code hello}: mingle at a worker's start; the new node sends the ids it knows as revoked and
 * asks for ours and our clock. A node ignores its own hello.
 *
 * @param fromNode the node saying hello, or null
 * @param revoked its revoked ids, each with when it was revoked (epoch seconds; null if unknown)
 */
public record Hello(String fromNode, Map<String, Double> revoked) implements Query {
  /** The method on the wire. */
  public static final String METHOD = "hello";

  static final String FROM_NODE = "from_node";
  static final String REVOKED = "revoked";

  public Hello {
    revoked =
        revoked == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(revoked));
  }

  static Hello read(Arguments a) {
    return new Hello(a.optText(FROM_NODE, "a node name"), a.stamps(REVOKED));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put(FROM_NODE, fromNode);
    ObjectNode ids = o.putObject(REVOKED);
    revoked.forEach((id, t) -> {
      if (t == null) {
        ids.putNull(id);
      } else {
        ids.put(id, t);
      }
    });
    return o;
  }
}
