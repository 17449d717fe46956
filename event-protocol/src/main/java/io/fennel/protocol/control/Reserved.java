package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code reserved}: the tasks a worker received that wait for a pool slot. It takes no arguments.
 */
public record Reserved() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "reserved";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
