package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code ping}: every live worker answers {@code {"ok": "pong"}}. It takes no arguments. */
public record Ping() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "ping";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
