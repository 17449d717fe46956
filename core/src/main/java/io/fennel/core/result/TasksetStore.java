package io.fennel.core.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What a result backend keeps per group under {@code celery-taskset-meta-<group id>}: a saved
 * {@code GroupResult}, and the join of a chord's header (its size, then each part's state and
 * result), kept exactly as Celery 5.2.6 keeps them so Python and Fennel workers join one chord.
 */
public interface TasksetStore {

  /** One header task's outcome as the join holds it. */
  record ChordPart(String taskId, String state, JsonNode result) {}

  /** Records how many header parts complete the chord (the client does this when it sends it). */
  void setChordSize(String groupId, int size);

  /**
   * Records one header part's outcome. Returns the parts in header order when this part is the one
   * that completes the chord, exactly once per chord; empty otherwise, also when no size was set.
   *
   * @param groupIndex the part's {@code group_index}, null when unknown (ordered last)
   */
  Optional<List<ChordPart>> partReturned(
      String groupId, Integer groupIndex, String taskId, String state, JsonNode result);

  /** Saves a group's result ids (Celery's {@code GroupResult.save()}). */
  void saveGroup(String groupId, JsonNode meta);

  /** A saved group's meta {@code {"result": [[gid, null], [...]]}}, if saved. */
  Optional<JsonNode> restoreGroup(String groupId);

  /** Deletes a saved group. */
  void forgetGroup(String groupId);
}
