package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code shutdown}: warm shutdown; the worker finishes what it runs and stops, and sends no reply.
 * It takes no arguments.
 */
public record Shutdown() implements Command {
  /** The method on the wire. */
  public static final String METHOD = "shutdown";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }

  @Override
  public boolean answered() {
    return false;
  }
}
