package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code scheduled}: the tasks a worker holds until their ETA, with {@code eta} and {@code
 * priority}. It takes no arguments.
 */
public record Scheduled() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "scheduled";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
