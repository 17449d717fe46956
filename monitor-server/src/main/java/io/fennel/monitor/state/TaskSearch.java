package io.fennel.monitor.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SequencedCollection;

/**
 * The console's task query engine: filters, sorts and pages the kept tasks for a {@link TaskQuery}.
 * Work and memory are bounded by the tasks kept, never by the query's numbers: a sorted page keeps
 * at most {@code min(offset + limit, kept)} candidates, and the default order (newest first) stops
 * walking once the page is full. Runs under the {@link ClusterState}'s lock.
 */
final class TaskSearch {
  private TaskSearch() {}

  /**
   * The page {@code q} asks for, from {@code tasks} (oldest first).
   *
   * @throws IllegalArgumentException when {@code q.sortBy()} is not a {@link TaskSort} key
   */
  static List<TaskView> run(SequencedCollection<TaskRecord> tasks, TaskQuery q) {
    if (q.sortBy() == null || q.sortBy().isEmpty()) {
      return newestFirst(tasks, q);
    }
    Comparator<TaskRecord> order =
        TaskSort.comparator(q.sortBy())
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "sort_by must be one of "
                        + TaskSort.keys()
                        + " (with - for descending), was '"
                        + q.sortBy()
                        + "'"));
    int from = Math.max(q.offset(), 0);
    List<TaskRecord> matched;
    if (q.limit() == null || (long) from + q.limit() >= tasks.size()) {
      matched = new ArrayList<>();
      for (TaskRecord t : tasks) {
        if (q.matches(t)) {
          matched.add(t);
        }
      }
      matched.sort(order);
    } else {
      // keep only the best offset + limit (< kept): a bounded heap whose head is the worst kept
      int keep = from + q.limit();
      PriorityQueue<TaskRecord> best = new PriorityQueue<>(keep + 1, order.reversed());
      for (TaskRecord t : tasks) {
        if (q.matches(t)) {
          best.add(t);
          if (best.size() > keep) {
            best.poll();
          }
        }
      }
      matched = new ArrayList<>(best);
      matched.sort(order);
    }
    from = Math.min(from, matched.size());
    int to =
        q.limit() == null
            ? matched.size()
            : (int) Math.min(matched.size(), (long) from + q.limit());
    List<TaskView> out = new ArrayList<>(to - from);
    for (TaskRecord t : matched.subList(from, to)) {
      out.add(t.view(false));
    }
    return out;
  }

  /**
   * The default order, newest first: walks the tasks from the newest and stops once the page is
   * full, so the first pages cost the same with a thousand tasks kept or a million.
   */
  private static List<TaskView> newestFirst(SequencedCollection<TaskRecord> tasks, TaskQuery q) {
    int skip = Math.max(q.offset(), 0);
    int want = q.limit() == null ? Integer.MAX_VALUE : q.limit();
    List<TaskView> out = new ArrayList<>(Math.min(want, Math.min(tasks.size(), 1024)));
    if (want <= 0) {
      return out;
    }
    for (TaskRecord t : tasks.reversed()) {
      if (!q.matches(t)) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      out.add(t.view(false));
      if (out.size() >= want) {
        break;
      }
    }
    return out;
  }
}
