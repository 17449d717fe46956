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

  /** A listener and the words naming it in a failure report, built once. */
  private record Entry(WorkerListener listener, String what) {}

  private final List<Entry> listeners = new CopyOnWriteArrayList<>();
  private final FailureHandler failures;

  Listeners(FailureHandler failures) {
    this.failures = failures;
  }

  void add(WorkerListener l) {
    listeners.add(new Entry(l, "worker listener " + l.getClass().getName()));
  }

  void tell(Consumer<WorkerListener> call) {
    for (Entry e : listeners) {
      try {
        call.accept(e.listener());
      } catch (RuntimeException failure) {
        failures.handle(FAILURE_KIND, e.what(), failure);
      }
    }
  }
}
