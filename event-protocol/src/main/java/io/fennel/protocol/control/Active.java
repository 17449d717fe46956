package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code active}: the tasks a worker runs now. Celery's client sends {@code safe} as null.
 *
 * @param safe Celery's "repr the arguments safely"; null when not given (Fennel's replies are
 *     always safe)
 */
public record Active(Boolean safe) implements Query {
  /** The method on the wire. */
  public static final String METHOD = "active";

  static final String SAFE = "safe";

  static Active read(Arguments a) {
    return new Active(a.optFlag(SAFE));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (safe == null) {
      o.putNull(SAFE);
    } else {
      o.put(SAFE, safe);
    }
    return o;
  }
}
