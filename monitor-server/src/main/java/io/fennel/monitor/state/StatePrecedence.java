package io.fennel.monitor.state;

import io.fennel.protocol.state.TaskState;
import java.util.Map;

/**
 * The one rule for merging events that arrive out of order into a task's state, as a table.
 *
 * <p>A final state (SUCCESS, FAILURE, REVOKED, REJECTED) is never left for a non-final one; a later
 * final state replaces an earlier one only when it ranks higher (a task rejected without requeue
 * and then reported failed shows FAILURE). A non-final state is taken only when core's transition
 * table allows the move and the event is not older than the one that set the current state, so a
 * late {@code task-started} never moves a task back.
 */
final class StatePrecedence {
  private StatePrecedence() {}

  /** Rank of the final states: higher wins. */
  private static final Map<TaskState, Integer> FINAL_RANK =
      Map.of(
          TaskState.REJECTED, 1,
          TaskState.REVOKED, 2,
          TaskState.FAILURE, 3,
          TaskState.SUCCESS, 4);

  /** Whether a task in {@code current} (set at {@code currentTs}) moves to {@code next}. */
  static boolean takes(TaskState current, double currentTs, TaskState next, double nextTs) {
    if (current == null) {
      return true;
    }
    if (next.ready()) {
      return !current.ready() || FINAL_RANK.get(next) > FINAL_RANK.get(current);
    }
    return !current.ready() && current.canMoveTo(next) && nextTs >= currentTs;
  }
}
