package io.fennel.monitor.ingest;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.TaskQuery;
import io.fennel.monitor.state.TaskView;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskRevoked;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.repr.PythonRepr;
import io.fennel.protocol.result.ExceptionInfo;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settles tasks the console last saw unfinished (RECEIVED, STARTED, RETRY) against the result
 * backend: a task whose final event the console missed (it was away longer than its queue kept
 * events, or the queue overflowed) but whose result is stored moves to that result's state. It
 * looks at most {@value #MAX_PER_PASS} tasks a pass, each quiet for at least {@value
 * #QUIET_SECONDS} s, so a pass costs bounded work however many tasks are kept.
 */
public final class Reconciler {
  /** Tasks looked up per pass, at most. */
  public static final int MAX_PER_PASS = 1_000;

  /** How long a task must have had no event before it is looked up. */
  public static final int QUIET_SECONDS = 30;

  private static final TaskQuery OPEN =
      new TaskQuery(
          MAX_PER_PASS,
          0,
          null,
          null,
          null,
          EnumSet.of(TaskState.RECEIVED, TaskState.STARTED, TaskState.RETRY),
          null,
          null,
          null);

  private final ClusterState state;
  private final Function<String, Optional<ResultRecord>> results;
  private final Clock clock;
  private final FailureHandler failures;

  /** {@code results}: the stored record of a task id, if any. */
  public Reconciler(
      ClusterState state,
      Function<String, Optional<ResultRecord>> results,
      Clock clock,
      FailureHandler failures) {
    this.state = state;
    this.results = results;
    this.clock = clock;
    this.failures = failures;
  }

  /** One pass; returns how many tasks it settled. Never throws. */
  public int reconcile() {
    double now = clock.millis() / 1000.0;
    int settled = 0;
    List<TaskView> open;
    try {
      open = state.tasks(OPEN);
    } catch (RuntimeException e) {
      failures.handle("monitor.reconcile", "listing unfinished tasks", e);
      return 0;
    }
    for (TaskView t : open) {
      if (now - t.timestamp() < QUIET_SECONDS) {
        continue;
      }
      try {
        Optional<TaskEvent> end = results.apply(t.uuid()).flatMap(r -> ending(t, r, now));
        if (end.isPresent()) {
          state.apply(end.get());
          settled++;
        }
      } catch (RuntimeException e) {
        failures.handle("monitor.reconcile", "reading the result of task " + t.uuid(), e);
      }
    }
    return settled;
  }

  /** The event that ends {@code t} as its stored record says, if the record is final. */
  static Optional<TaskEvent> ending(TaskView t, ResultRecord r, double now) {
    Optional<TaskState> s = r.state();
    if (s.isEmpty() || !s.get().ready()) {
      return Optional.empty();
    }
    EventFields fields =
        new EventFields(t.worker() == null ? "unknown" : t.worker(), 0, null, 0, now);
    Map<String, com.fasterxml.jackson.databind.JsonNode> reconciled =
        Map.of("reconciled", com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
    return switch (s.get()) {
      case SUCCESS ->
          Optional.of(
              new TaskSucceeded(fields, t.uuid(), PythonRepr.repr(r.result()), null, reconciled));
      case FAILURE ->
          Optional.of(
              new TaskFailed(
                  fields,
                  t.uuid(),
                  r.exception().map(Reconciler::excRepr).orElse(PythonRepr.repr(r.result())),
                  r.traceback(),
                  reconciled));
      case REVOKED, REJECTED ->
          Optional.of(new TaskRevoked(fields, t.uuid(), false, null, false, reconciled));
      case PENDING, RECEIVED, STARTED, RETRY -> Optional.empty();
    };
  }

  private static String excRepr(ExceptionInfo e) {
    com.fasterxml.jackson.databind.JsonNode m = e.excMessage();
    String message =
        m != null && m.isArray() && m.size() == 1 ? PythonRepr.repr(m.get(0)) : PythonRepr.repr(m);
    return e.excType() + "(" + message + ")";
  }
}
