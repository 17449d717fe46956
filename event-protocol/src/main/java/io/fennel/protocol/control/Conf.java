package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code conf}: a worker's settings by Celery's names.
 *
 * @param withDefaults Celery's "also list settings left at their default" (Fennel's workers list
 *     every setting either way)
 */
public record Conf(boolean withDefaults) implements Query {
  /** The method on the wire. */
  public static final String METHOD = "conf";

  static final String WITH_DEFAULTS = "with_defaults";

  static Conf read(Arguments a) {
    return new Conf(a.flag(WITH_DEFAULTS, false));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    return JsonNodeFactory.instance.objectNode().put(WITH_DEFAULTS, withDefaults);
  }
}
