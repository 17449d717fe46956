package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code revoke}: the tasks never run if they have not started; with {@code terminate}, those
 * running are stopped with {@code signal} and end REVOKED.
 *
 * <p>Read as Celery's worker reads it: {@code task_id} one id or a list, {@code terminate} by
 * Python's truthiness (Flower's 1/0, true/false, any non-empty string is true), {@code signal} a
 * name or number (see {@link Signal}). Written back with one id as a string and several as a list.
 *
 * @param ids the task ids
 * @param terminate whether running tasks are stopped too
 * @param signal how they are stopped; null means {@link Signal#SIGTERM}
 */
public record Revoke(List<String> ids, boolean terminate, Signal signal) implements Command {
  /** The method on the wire. */
  public static final String METHOD = "revoke";

  static final String TASK_ID = "task_id";
  static final String TERMINATE = "terminate";
  static final String SIGNAL = "signal";

  public Revoke {
    ids = checkIds(METHOD, ids);
    signal = signal == null ? Signal.SIGTERM : signal;
  }

  /** Revokes these tasks without stopping running ones. */
  public static Revoke of(List<String> ids) {
    return new Revoke(ids, false, Signal.SIGTERM);
  }

  static Revoke read(Arguments a) {
    return new Revoke(a.ids(TASK_ID, "a task id"), a.flag(TERMINATE, false), a.signal(SIGNAL));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    putIds(o, ids);
    o.put(TERMINATE, terminate);
    o.put(SIGNAL, signal.wireName());
    return o;
  }

  /** One id as a string, several (or none) as a list, as Celery's client writes them. */
  static void putIds(ObjectNode o, List<String> ids) {
    if (ids.size() == 1) {
      o.put(TASK_ID, ids.get(0));
    } else {
      ArrayNode array = o.putArray(TASK_ID);
      ids.forEach(array::add);
    }
  }

  static List<String> checkIds(String method, List<String> ids) {
    if (ids == null || ids.stream().anyMatch(id -> id == null || id.isBlank())) {
      throw new CommandArgumentException(
          method,
          TASK_ID,
          "argument '" + TASK_ID + "' must be task ids that are not blank, was " + ids);
    }
    return List.copyOf(ids);
  }
}
