package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code autoscale}: the pool's bounds. Fennel's worker sizes its pool to {@code max} at once;
 * {@code min} is kept for Celery's workers, which scale between the two.
 *
 * @param max the most threads, >= 1 (an int or a numeric string)
 * @param min the fewest, 0..max (0 when missing)
 */
public record Autoscale(int max, int min) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "autoscale";

  static final String MAX = "max";
  static final String MIN = "min";

  public Autoscale {
    if (max < 1) {
      throw new CommandArgumentException(
          METHOD, MAX, "argument '" + MAX + "' must be a whole number >= 1, was " + max);
    }
    if (min < 0 || min > max) {
      throw new CommandArgumentException(
          METHOD,
          MIN,
          "argument '" + MIN + "' (" + min + ") must be >= 0 and <= 'max' (" + max + ")");
    }
  }

  static Autoscale read(Arguments a) {
    Integer max = a.optCount(MAX, 1);
    if (max == null) {
      throw a.bad(MAX, "a whole number >= 1 (e.g. 4 or \"4\")", null);
    }
    return new Autoscale(max, a.count(MIN, 0, 0));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode().put(MAX, max).put(MIN, min);
  }
}
