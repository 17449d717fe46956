package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code disable_events}: the worker stops sending task events (worker events still go out). It
 * takes no arguments.
 */
public record DisableEvents() implements Command {
  /** The method on the wire. */
  public static final String METHOD = "disable_events";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
