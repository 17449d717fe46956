package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code stats}: a worker's counters, pool, broker and process facts. It takes no arguments. */
public record Stats() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "stats";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
