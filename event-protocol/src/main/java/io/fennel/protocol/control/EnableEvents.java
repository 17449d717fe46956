package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code enable_events}: the worker starts sending task events (worker events always go out). It
 * takes no arguments.
 */
public record EnableEvents() implements Command {
  /** The method on the wire. */
  public static final String METHOD = "enable_events";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
