package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code terminate}: Celery's shorthand for a revoke that stops running tasks, {@code signal} first
 * ({@code celery control terminate SIGKILL <id>}).
 *
 * @param signal how running tasks are stopped; null means {@link Signal#SIGTERM}
 * @param ids the task ids
 */
public record Terminate(Signal signal, List<String> ids) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "terminate";

  public Terminate {
    signal = signal == null ? Signal.SIGTERM : signal;
    ids = Revoke.checkIds(METHOD, ids);
  }

  static Terminate read(Arguments a) {
    return new Terminate(a.signal(Revoke.SIGNAL), a.ids(Revoke.TASK_ID, "a task id"));
  }

  /** The same as a revoke with terminate. */
  public Revoke asRevoke() {
    return new Revoke(ids, true, signal);
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put(Revoke.SIGNAL, signal.wireName());
    Revoke.putIds(o, ids);
    return o;
  }
}
