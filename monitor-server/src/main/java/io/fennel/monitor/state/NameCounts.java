package io.fennel.monitor.state;

import io.fennel.protocol.state.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The kept tasks counted by state, overall and per task name, with at most {@code maxNames} names
 * of their own: further names count under {@value StateLimits#OTHER}, and a name whose count
 * reaches zero (its last kept task went) is dropped and reported once. Guarded by the cluster
 * state's lock.
 */
final class NameCounts {
  private static final TaskState[] STATES = TaskState.values();

  private final int maxNames;
  private final Map<String, long[]> byName = new HashMap<>();
  private final long[] counts = new long[STATES.length];
  private final List<String> dropped = new ArrayList<>();

  NameCounts(int maxNames) {
    this.maxNames = maxNames;
  }

  /**
   * Moves {@code t} from {@code oldState} under the name it was counted as to {@code newState}
   * under its name now; returns the name dropped by this move, or null.
   */
  String move(TaskRecord t, TaskState oldState, TaskState newState) {
    String oldKey = t.countedAs;
    String newKey = newState == null ? null : slot(t.name, oldKey);
    if (oldState == newState && Objects.equals(oldKey, newKey)) {
      return null;
    }
    if (newState != null) {
      counts[newState.ordinal()]++;
      byName.get(newKey)[newState.ordinal()]++;
    }
    t.countedAs = newKey;
    if (oldState == null || oldKey == null) {
      return null;
    }
    counts[oldState.ordinal()]--;
    long[] c = byName.get(oldKey);
    c[oldState.ordinal()]--;
    if (allZero(c)) {
      byName.remove(oldKey);
      if (!oldKey.isEmpty() && !oldKey.equals(StateLimits.OTHER)) {
        dropped.add(oldKey);
        return oldKey;
      }
    }
    return null;
  }

  private static boolean allZero(long[] counts) {
    for (long n : counts) {
      if (n != 0) {
        return false;
      }
    }
    return true;
  }

  /** The key {@code name} is counted under, making room for it when the bound allows. */
  private String slot(String name, String current) {
    String key = name == null ? "" : name;
    if (key.equals(current) || byName.containsKey(key)) {
      return key;
    }
    if (key.isEmpty() || ownNames() < maxNames) {
      byName.put(key, new long[STATES.length]);
      return key;
    }
    byName.computeIfAbsent(StateLimits.OTHER, k -> new long[STATES.length]);
    return StateLimits.OTHER;
  }

  /** Task names counted on their own (not "" and not the catch-all). */
  private int ownNames() {
    return byName.size()
        - (byName.containsKey("") ? 1 : 0)
        - (byName.containsKey(StateLimits.OTHER) ? 1 : 0);
  }

  /** The names dropped since last asked, oldest first. */
  List<String> takeDropped() {
    if (dropped.isEmpty()) {
      return List.of();
    }
    List<String> out = List.copyOf(dropped);
    dropped.clear();
    return out;
  }

  /** Names counted (non-empty), sorted. */
  Set<String> names() {
    Set<String> out = new TreeSet<>();
    byName.forEach((name, c) -> {
      if (!name.isEmpty() && Arrays.stream(c).anyMatch(n -> n > 0)) {
        out.add(name);
      }
    });
    return out;
  }

  /** Kept tasks in each state. */
  Map<TaskState, Long> stateCounts() {
    Map<TaskState, Long> out = new EnumMap<>(TaskState.class);
    for (TaskState s : STATES) {
      out.put(s, counts[s.ordinal()]);
    }
    return out;
  }

  /** Kept tasks of each name in each state, nonzero counts only. */
  Map<String, Map<TaskState, Long>> byName() {
    Map<String, Map<TaskState, Long>> out = new TreeMap<>();
    byName.forEach((name, c) -> {
      Map<TaskState, Long> m = new EnumMap<>(TaskState.class);
      for (TaskState s : STATES) {
        if (c[s.ordinal()] > 0) {
          m.put(s, c[s.ordinal()]);
        }
      }
      if (!m.isEmpty()) {
        out.put(name, m);
      }
    });
    return out;
  }
}
