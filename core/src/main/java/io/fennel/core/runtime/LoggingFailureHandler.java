package io.fennel.core.runtime;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link FailureHandler}: the first failure of each kind and exception type is logged
 * at WARN with its stack, later ones at DEBUG; all are counted.
 */
final class LoggingFailureHandler implements FailureHandler {
  private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  @Override
  public void handle(String kind, String what, Throwable failure) {
    try {
      counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
      if (reported.add(kind + ":" + failure.getClass().getName())) {
        log.warn(
            "{} failed ({}); Fennel carries on and counts further failures", what, kind, failure);
      } else if (log.isDebugEnabled()) {
        log.debug("{} failed again ({}): {}", what, kind, failure.toString());
      }
    } catch (RuntimeException ignored) {
      // A failing logger must not throw into the caller either.
    }
  }

  @Override
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
