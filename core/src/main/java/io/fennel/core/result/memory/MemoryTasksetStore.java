package io.fennel.core.result.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.result.TasksetStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Groups and chord joins held in this JVM, with the semantics of the Redis join (for tests). */
final class MemoryTasksetStore implements TasksetStore {
  private record Part(double index, ChordPart part) {}

  private final Map<String, Integer> sizes = new HashMap<>();
  private final Map<String, Map<String, Part>> parts = new HashMap<>();
  private final Map<String, JsonNode> groups = new ConcurrentHashMap<>();

  @Override
  public synchronized void setChordSize(String groupId, int size) {
    sizes.put(groupId, size);
  }

  @Override
  public synchronized Optional<List<ChordPart>> partReturned(
      String groupId, Integer groupIndex, String taskId, String state, JsonNode result) {
    Map<String, Part> joined = parts.computeIfAbsent(groupId, g -> new HashMap<>());
    joined.put(
        taskId,
        new Part(
            groupIndex == null ? Double.POSITIVE_INFINITY : groupIndex,
            new ChordPart(taskId, state, result)));
    Integer size = sizes.get(groupId);
    if (size == null || joined.size() != size) {
      return Optional.empty();
    }
    List<Part> ordered = new ArrayList<>(joined.values());
    ordered.sort(Comparator.comparingDouble(Part::index));
    sizes.remove(groupId);
    parts.remove(groupId);
    return Optional.of(ordered.stream().map(Part::part).toList());
  }

  @Override
  public void saveGroup(String groupId, JsonNode meta) {
    groups.put(groupId, meta);
  }

  @Override
  public Optional<JsonNode> restoreGroup(String groupId) {
    return Optional.ofNullable(groups.get(groupId));
  }

  @Override
  public void forgetGroup(String groupId) {
    groups.remove(groupId);
  }
}
