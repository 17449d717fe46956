package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code report}: a text about the worker's software, node and settings, for bug reports. It takes
 * no arguments.
 */
public record Report() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "report";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
