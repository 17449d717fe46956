package io.fennel.core.worker;

import io.fennel.core.runtime.FailureHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The worker's listeners, called so that none of them can hurt the worker: what a listener throws
 * goes to the worker's {@link FailureHandler} (logged the first time per kind, counted) and the
 * other listeners are still told.
 */
final class Listeners {
  /** The failure kind under which listener failures are counted. */
  static final String FAILURE_KIND = "worker.listener";

  private final List<WorkerListener> listeners = new CopyOnWriteArrayList<>();
  private final FailureHandler failures;

  Listeners(FailureHandler failures) {
    this.failures = failures;
  }

  void add(WorkerListener l) {
    listeners.add(l);
  }

  void remove(WorkerListener l) {
    listeners.remove(l);
  }

  void tell(Consumer<WorkerListener> call) {
    for (WorkerListener l : listeners) {
      failures.guard(
          FAILURE_KIND, "worker listener " + l.getClass().getName(), () -> call.accept(l));
    }
  }
}
