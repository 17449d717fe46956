package io.fennel.core.beat;

import java.time.Duration;
import java.util.Set;

/**
 * How a beat runs.
 *
 * @param id this beat's name in the lease and the logs
 * @param pollInterval the longest sleep between two looks at the store (pause flags, run-now
 *     requests, the lease); also how soon a waiting beat notices that the leader is gone
 * @param leaseTtl how long a lease lasts without renewal: a dead leader is replaced within it
 * @param knownTasks task names this beat's app defines; a name outside them is logged once (empty:
 *     no check)
 * @param ownThread true to run ticks on the beat's own thread (never blocking the scheduler's);
 *     false runs them on the scheduler's thread (tests with a manual scheduler)
 */
public record BeatOptions(
    String id,
    Duration pollInterval,
    Duration leaseTtl,
    Set<String> knownTasks,
    boolean ownThread) {

  public BeatOptions {
    if (id == null || id.isBlank()) {
      throw new BeatConfigException("a beat needs an id");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new BeatConfigException("beat poll interval must be > 0, was " + pollInterval);
    }
    if (leaseTtl.compareTo(pollInterval.multipliedBy(2)) < 0) {
      throw new BeatConfigException(
          "beat lease ("
              + leaseTtl
              + ") must last at least two poll intervals ("
              + pollInterval
              + ") so the leader renews it in time");
    }
    knownTasks = Set.copyOf(knownTasks);
  }

  /** Defaults for a beat named {@code id}: a look every second, a 10-second lease. */
  public static BeatOptions named(String id) {
    return new BeatOptions(id, Duration.ofSeconds(1), Duration.ofSeconds(10), Set.of(), true);
  }

  public BeatOptions withPollInterval(Duration d) {
    return new BeatOptions(id, d, leaseTtl, knownTasks, ownThread);
  }

  public BeatOptions withLeaseTtl(Duration d) {
    return new BeatOptions(id, pollInterval, d, knownTasks, ownThread);
  }

  public BeatOptions withKnownTasks(Set<String> names) {
    return new BeatOptions(id, pollInterval, leaseTtl, names, ownThread);
  }

  public BeatOptions onSchedulerThread() {
    return new BeatOptions(id, pollInterval, leaseTtl, knownTasks, false);
  }
}
