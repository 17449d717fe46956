package io.fennel.core.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's listeners, called so that none of them can hurt the worker: a listener that throws
 * is logged once per kind of failure and otherwise ignored.
 */
final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<WorkerListener> listeners = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  void add(WorkerListener l) {
    listeners.add(l);
  }

  void remove(WorkerListener l) {
    listeners.remove(l);
  }

  void tell(Consumer<WorkerListener> call) {
    for (WorkerListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        String key = l.getClass().getName() + ":" + e.getClass().getName();
        if (reported.add(key)) {
          log.warn("worker listener {} failed; the worker carries on", l.getClass().getName(), e);
        }
      }
    }
  }
}
