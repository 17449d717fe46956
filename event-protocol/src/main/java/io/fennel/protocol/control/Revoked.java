package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code revoked}: the task ids a worker remembers as revoked. It takes no arguments. */
public record Revoked() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "revoked";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
