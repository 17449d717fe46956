package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code clock}: the worker's Lamport clock value. It takes no arguments. */
public record Clock() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "clock";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
