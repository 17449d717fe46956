package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code heartbeat}: the worker sends a {@code worker-heartbeat} now, so a new monitor sees it at
 * once; no reply. It takes no arguments.
 */
public record Heartbeat() implements Command {
  /** The method on the wire. */
  public static final String METHOD = "heartbeat";

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
