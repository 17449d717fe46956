package io.fennel.core.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tasks a worker holds past its ETA timer: reserved (waiting for a pool slot or a rate-limit
 * token), active (running), and how many it ran, in all and by task name.
 */
final class HeldTasks {
  private final Map<String, TaskRequest> reserved = new ConcurrentHashMap<>();
  private final Map<String, TaskRequest> active = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> processedByName = new ConcurrentHashMap<>();
  private final AtomicLong processed = new AtomicLong();

  void reserve(TaskRequest r) {
    reserved.put(r.id(), r);
  }

  void unreserve(TaskRequest r) {
    reserved.remove(r.id());
  }

  void start(TaskRequest r) {
    reserved.remove(r.id());
    active.put(r.id(), r);
  }

  /** The run ended (any outcome): it counts as processed. */
  void finish(TaskRequest r) {
    active.remove(r.id());
    processed.incrementAndGet();
    processedByName.computeIfAbsent(r.name(), k -> new AtomicLong()).incrementAndGet();
  }

  TaskRequest activeById(String id) {
    return active.get(id);
  }

  List<TaskRequest> active() {
    return List.copyOf(active.values());
  }

  int activeCount() {
    return active.size();
  }

  List<TaskRequest> reserved() {
    return List.copyOf(reserved.values());
  }

  /** Removes and returns every reserved request (a shutdown hands them back). */
  List<TaskRequest> drainReserved() {
    List<TaskRequest> out = new ArrayList<>();
    for (String id : List.copyOf(reserved.keySet())) {
      TaskRequest r = reserved.remove(id);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  long processed() {
    return processed.get();
  }

  Map<String, Long> processedByName() {
    Map<String, Long> m = new LinkedHashMap<>();
    processedByName.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }
}
