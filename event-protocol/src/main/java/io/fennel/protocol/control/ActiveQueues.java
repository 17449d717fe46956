package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code active_queues}: the queues a worker consumes, as Celery describes queues. It takes no
 * arguments.
 */
public record ActiveQueues() implements Query {
  /** The method on the wire. */
  public static final String METHOD = "active_queues";

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode();
  }
}
