package io.fennel.monitor.state;

import io.fennel.protocol.state.TaskState;
import java.util.Set;

/**
 * Which tasks to list, as {@code /api/tasks} takes them. Nulls mean "no filter".
 *
 * @param limit at most this many (null: all)
 * @param offset skip this many first
 * @param sortBy a {@link TaskSort} key, {@code -} in front for descending; null: newest first
 * @param worker only tasks received or run by this node
 * @param name only tasks of this name
 * @param states only tasks in one of these states (null or empty: any)
 * @param receivedStart only tasks received at or after this epoch second
 * @param receivedEnd only tasks received before this epoch second
 * @param search only tasks whose id, args, kwargs or result contain this text
 */
public record TaskQuery(
    Integer limit,
    int offset,
    String sortBy,
    String worker,
    String name,
    Set<TaskState> states,
    Double receivedStart,
    Double receivedEnd,
    String search) {

  public TaskQuery {
    states = states == null ? Set.of() : Set.copyOf(states);
  }

  /** Every task, newest first. */
  public static final TaskQuery ALL =
      new TaskQuery(null, 0, null, null, null, null, null, null, null);

  boolean matches(TaskRecord t) {
    if (worker != null && !worker.equals(t.worker)) {
      return false;
    }
    if (name != null && !name.equals(t.name)) {
      return false;
    }
    if (!states.isEmpty() && (t.state == null || !states.contains(t.state))) {
      return false;
    }
    if (receivedStart != null && (t.received == 0 || t.received < receivedStart)) {
      return false;
    }
    if (receivedEnd != null && (t.received == 0 || t.received >= receivedEnd)) {
      return false;
    }
    return search == null
        || search.isEmpty()
        || contains(t.uuid)
        || contains(t.args)
        || contains(t.kwargs)
        || contains(t.result);
  }

  private boolean contains(String s) {
    return s != null && s.contains(search);
  }
}
