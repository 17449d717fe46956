package io.fennel.core.beat;

import java.time.Instant;

/**
 * What a store keeps of one entry, shared by every beat on it: the anchor the next run is counted
 * from, the last task sent, whether the entry is paused, a pending "run now" request, and a run
 * claimed but not yet confirmed sent.
 *
 * @param anchor the previous scheduled run (or when the entry was first seen)
 * @param lastSentAt when the last task of this entry was sent (scheduled or run-now), or null
 * @param lastTaskId the id of that task, or null
 * @param totalRuns tasks sent for this entry so far
 * @param paused true while scheduled runs are skipped
 * @param runNowAt when someone asked for an extra run that is not sent yet, or null
 * @param pendingTaskId a run claimed but not confirmed sent (a beat died between the two), or null
 */
public record EntryState(
    Instant anchor,
    Instant lastSentAt,
    String lastTaskId,
    long totalRuns,
    boolean paused,
    Instant runNowAt,
    String pendingTaskId) {

  /** The state of an entry first seen with this anchor. */
  public static EntryState fresh(Instant anchor) {
    return new EntryState(anchor, null, null, 0, false, null, null);
  }
}
