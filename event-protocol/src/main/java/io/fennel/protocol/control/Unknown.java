package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A method Fennel does not know (Celery's {@code election}, {@code memdump}, a user's own): carried
 * as given, so a client can still send it and a worker can answer that it does not know it.
 *
 * @param method the method name
 * @param arguments its arguments as given
 */
public record Unknown(String method, ObjectNode arguments) implements Command {
  public Unknown {
    Objects.requireNonNull(method, "method");
    arguments = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments.deepCopy();
  }

  /** A copy of the arguments. */
  @Override
  public ObjectNode arguments() {
    return arguments.deepCopy();
  }

  @Override
  public ObjectNode toArguments() {
    return arguments.deepCopy();
  }
}
