package io.fennel.core.worker;

import java.nio.file.Path;
import java.util.List;

/**
 * How one worker runs: its node name, the queues it consumes, its pool, concurrency and prefetch
 * multiplier, whether it sends task events, and the optional runtime parts: how a process pool
 * starts its children, the autoscale bounds, and the file revokes persist in ({@code --statedb}).
 *
 * @param childCommand how a {@link PoolType#PROCESS} pool starts a child; required for that pool
 * @param autoscale {@code --autoscale MAX,MIN}, or null for a pool of fixed size
 * @param stateDb where revoked ids are kept across restarts, or null to keep them in memory only
 */
public record WorkerOptions(
    String hostname,
    List<String> queues,
    PoolType pool,
    int concurrency,
    int prefetchMultiplier,
    boolean sendTaskEvents,
    ChildCommand childCommand,
    Autoscale autoscale,
    Path stateDb) {

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
    if (autoscale != null && pool == PoolType.SOLO) {
      throw new IllegalArgumentException("the solo pool runs one task at a time; drop --autoscale");
    }
  }

  /** Options without a child command, autoscale or state file. */
  public WorkerOptions(
      String hostname,
      List<String> queues,
      PoolType pool,
      int concurrency,
      int prefetchMultiplier,
      boolean sendTaskEvents) {
    this(hostname, queues, pool, concurrency, prefetchMultiplier, sendTaskEvents, null, null, null);
  }

  /** A copy with the pool and the way its children start (for {@link PoolType#PROCESS}). */
  public WorkerOptions withPool(PoolType newPool, ChildCommand command) {
    return new WorkerOptions(
        hostname,
        queues,
        newPool,
        concurrency,
        prefetchMultiplier,
        sendTaskEvents,
        command,
        autoscale,
        stateDb);
  }

  /** A copy that autoscales between {@code a.min()} and {@code a.max()} (the concurrency). */
  public WorkerOptions withAutoscale(Autoscale a) {
    return new WorkerOptions(
        hostname,
        queues,
        pool,
        a == null ? concurrency : a.max(),
        prefetchMultiplier,
        sendTaskEvents,
        childCommand,
        a,
        stateDb);
  }

  /** A copy that keeps revoked ids in {@code file} across restarts. */
  public WorkerOptions withStateDb(Path file) {
    return new WorkerOptions(
        hostname,
        queues,
        pool,
        concurrency,
        prefetchMultiplier,
        sendTaskEvents,
        childCommand,
        autoscale,
        file);
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
