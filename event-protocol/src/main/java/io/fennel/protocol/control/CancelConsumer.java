package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code cancel_consumer}: the worker stops consuming a queue; what it already received still runs.
 *
 * @param queue the queue name
 */
public record CancelConsumer(String queue) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "cancel_consumer";

  public CancelConsumer {
    queue = AddConsumer.checkQueue(METHOD, queue);
  }

  static CancelConsumer read(Arguments a) {
    return new CancelConsumer(a.text(AddConsumer.QUEUE, AddConsumer.QUEUE_FORMS));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode().put(AddConsumer.QUEUE, queue);
  }
}
