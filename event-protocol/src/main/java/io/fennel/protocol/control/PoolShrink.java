package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code pool_shrink}: the worker removes {@code n} threads from its pool ({@code n} as an int or a
 * numeric string; 1 when missing).
 *
 * @param n threads to remove, >= 0
 */
public record PoolShrink(int n) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "pool_shrink";

  public PoolShrink {
    PoolGrow.checkN(METHOD, n);
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode().put(PoolGrow.N, n);
  }
}
