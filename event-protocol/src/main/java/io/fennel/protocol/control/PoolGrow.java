package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code pool_grow}: the worker adds {@code n} threads to its pool ({@code n} as an int or a
 * numeric string; 1 when missing).
 *
 * @param n threads to add, >= 0
 */
public record PoolGrow(int n) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "pool_grow";

  static final String N = "n";

  public PoolGrow {
    checkN(METHOD, n);
  }

  /** {@code n} of pool_grow and pool_shrink: a whole number >= 0, 1 when missing. */
  static int readN(Arguments a) {
    return a.count(N, 1, 0);
  }

  static void checkN(String method, int n) {
    if (n < 0) {
      throw new CommandArgumentException(
          method, N, "argument '" + N + "' must be a whole number >= 0, was " + n);
    }
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode().put(N, n);
  }
}
