package io.fennel.core.worker;

import java.util.List;

/**
 * How one worker runs: its node name, the queues it consumes, its pool, concurrency and prefetch
 * multiplier, and whether it sends task events.
 */
public record WorkerOptions(
    String hostname,
    List<String> queues,
    PoolType pool,
    int concurrency,
    int prefetchMultiplier,
    boolean sendTaskEvents) {

  public WorkerOptions {
    queues = List.copyOf(queues);
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one queue to consume");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
    }
    if (prefetchMultiplier < 1) {
      throw new IllegalArgumentException(
          "prefetch multiplier must be >= 1, was " + prefetchMultiplier);
    }
  }

  /** Prefetch = concurrency x multiplier. */
  public int prefetch() {
    return concurrency * prefetchMultiplier;
  }

  /**
   * Expands {@code %h} (host name), {@code %n} (name part) and {@code %d} (domain) in a node name,
   * as Celery does; a name without {@code @} gets {@code @<host>}.
   */
  public static String expandHostname(String pattern, String host) {
    String name = pattern == null || pattern.isBlank() ? "fennel@%h" : pattern;
    int dot = host.indexOf('.');
    String shortName = dot < 0 ? host : host.substring(0, dot);
    String domain = dot < 0 ? "" : host.substring(dot + 1);
    name = name.replace("%h", host).replace("%n", shortName).replace("%d", domain);
    return name.contains("@") ? name : name + "@" + host;
  }
}
