package io.fennel.protocol.state;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The states of a task, as Celery names them on the wire, and the one table of which state may
 * follow which.
 */
public enum TaskState {
  PENDING,
  RECEIVED,
  STARTED,
  RETRY,
  SUCCESS,
  FAILURE,
  REVOKED,
  REJECTED;

  private static final Set<TaskState> READY = EnumSet.of(SUCCESS, FAILURE, REVOKED, REJECTED);

  /** The transition table: for each state, the states that may come next. */
  private static final Map<TaskState, Set<TaskState>> NEXT =
      Map.of(
          PENDING, EnumSet.of(RECEIVED, STARTED, RETRY, SUCCESS, FAILURE, REVOKED, REJECTED),
          RECEIVED, EnumSet.of(STARTED, RETRY, SUCCESS, FAILURE, REVOKED, REJECTED),
          STARTED, EnumSet.of(RETRY, SUCCESS, FAILURE, REVOKED, REJECTED),
          RETRY, EnumSet.of(RECEIVED, STARTED, SUCCESS, FAILURE, REVOKED, REJECTED),
          SUCCESS, EnumSet.noneOf(TaskState.class),
          FAILURE, EnumSet.noneOf(TaskState.class),
          REVOKED, EnumSet.noneOf(TaskState.class),
          REJECTED, EnumSet.noneOf(TaskState.class));

  /** Whether the task has finished: its result will not change. */
  public boolean ready() {
    return READY.contains(this);
  }

  /** Whether {@code next} may follow this state. */
  public boolean canMoveTo(TaskState next) {
    return NEXT.get(this).contains(next);
  }

  /** The state named {@code name} on the wire; unknown names (custom states) give empty. */
  public static Optional<TaskState> fromWire(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
