package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code pool_restart}: Celery restarts its pool, optionally reloading {@code modules}. Fennel's
 * workers load task code once and refuse it with an error naming what to do instead.
 *
 * @param modules modules to (re)import; empty for none
 * @param reload whether already imported modules are reloaded
 */
public record PoolRestart(List<String> modules, boolean reload) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "pool_restart";

  static final String MODULES = "modules";
  static final String RELOAD = "reload";

  public PoolRestart {
    modules = modules == null ? List.of() : List.copyOf(modules);
  }

  static PoolRestart read(Arguments a) {
    return new PoolRestart(a.optIds(MODULES, "a module name"), a.flag(RELOAD, false));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode m = o.putArray(MODULES);
    modules.forEach(m::add);
    o.put(RELOAD, reload);
    return o;
  }
}
