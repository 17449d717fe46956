package io.fennel.monitor.state;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.event.Event;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the events the state refused, by event type (at most 100 types), and reports each to the
 * failure handler, which logs the first of each kind.
 */
final class Rejections {
  private final FailureHandler failures;
  private final Map<String, Long> byType = new TreeMap<>();
  private long total;

  Rejections(FailureHandler failures) {
    this.failures = failures;
  }

  void reject(Event event, String problem) {
    String kind = event.type();
    synchronized (this) {
      total++;
      if (byType.size() < 100 || byType.containsKey(kind)) {
        byType.merge(kind, 1L, Long::sum);
      }
    }
    failures.handle(
        "monitor.event.rejected",
        "taking a " + kind + " event (refused: " + problem + ")",
        new IllegalArgumentException(kind + " refused: " + problem));
  }

  synchronized Map<String, Long> byType() {
    return Map.copyOf(byType);
  }

  synchronized long total() {
    return total;
  }
}
