package io.fennel.monitor.state;

import io.fennel.protocol.state.TaskState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The workflow a task belongs to, as the console draws it: every task reachable from it through
 * root, parent, children and group (at most {@value #MAX_NODES}), and the edges parent -> child and
 * chord header member -> body. Built from the cluster state's records under its lock.
 *
 * @param root the workflow's root task id
 * @param nodes the tasks, oldest first
 * @param edges who sent whom, and which header members a chord body waited for
 */
public record WorkflowGraph(String root, List<Node> nodes, List<Edge> edges) {
  /** Most tasks one graph holds; a larger workflow is cut, oldest kept. */
  public static final int MAX_NODES = 500;

  /** One task of the graph. */
  public record Node(
      String id, String name, TaskState state, String worker, Double runtime, String group) {}

  /** How two tasks are linked. */
  public enum EdgeKind {
    /** The parent task sent the child (a chain's next step, a callback, a group member). */
    PARENT,
    /** The body of a chord waited for this header member. */
    CHORD
  }

  /** An edge {@code from -> to}. */
  public record Edge(String from, String to, EdgeKind kind) {}

  /** Whether the task is part of a workflow at all (more than itself). */
  public boolean isWorkflow() {
    return nodes.size() > 1;
  }

  static Optional<WorkflowGraph> build(Collection<TaskRecord> all, TaskRecord seed) {
    if (seed == null) {
      return Optional.empty();
    }
    Map<String, TaskRecord> byId = new HashMap<>();
    Map<String, List<String>> byRoot = new HashMap<>();
    Map<String, List<String>> byParent = new HashMap<>();
    Map<String, List<String>> byGroup = new HashMap<>();
    for (TaskRecord t : all) {
      byId.put(t.uuid, t);
      if (t.rootId != null && !t.rootId.equals(t.uuid)) {
        byRoot.computeIfAbsent(t.rootId, k -> new ArrayList<>()).add(t.uuid);
      }
      if (t.parentId != null) {
        byParent.computeIfAbsent(t.parentId, k -> new ArrayList<>()).add(t.uuid);
      }
      if (t.group != null) {
        byGroup.computeIfAbsent(t.group, k -> new ArrayList<>()).add(t.uuid);
      }
    }
    String root = seed.rootId != null ? seed.rootId : seed.uuid;
    Set<String> seen = new LinkedHashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(seed.uuid, root));
    while (!todo.isEmpty() && seen.size() < MAX_NODES) {
      String x = todo.poll();
      TaskRecord t = byId.get(x);
      if (t == null || !seen.add(x)) {
        continue;
      }
      todo.addAll(byRoot.getOrDefault(x, List.of()));
      todo.addAll(byParent.getOrDefault(x, List.of()));
      if (t.children != null) {
        todo.addAll(List.of(t.children));
      }
      if (t.parentId != null) {
        todo.add(t.parentId);
      }
      if (t.rootId != null) {
        todo.add(t.rootId);
      }
      if (t.group != null) {
        todo.addAll(byGroup.getOrDefault(t.group, List.of()));
      }
    }
    List<TaskRecord> members = new ArrayList<>();
    seen.forEach(s -> members.add(byId.get(s)));
    members.sort(Comparator.comparingDouble(WorkflowGraph::firstSeen));
    List<Node> nodes = new ArrayList<>();
    Map<String, Edge> edges = new LinkedHashMap<>();
    for (TaskRecord t : members) {
      nodes.add(
          new Node(
              t.uuid,
              t.name,
              t.state,
              t.worker,
              Double.isNaN(t.runtime) ? null : t.runtime,
              t.group));
      TaskRecord p = t.parentId == null ? null : byId.get(t.parentId);
      if (p == null || !seen.contains(p.uuid)) {
        continue;
      }
      boolean chordBody = p.group != null && !p.group.equals(t.group);
      edges.put(
          p.uuid + ">" + t.uuid,
          new Edge(p.uuid, t.uuid, chordBody ? EdgeKind.CHORD : EdgeKind.PARENT));
      if (chordBody) {
        for (String m : byGroup.getOrDefault(p.group, List.of())) {
          if (seen.contains(m) && !m.equals(p.uuid)) {
            edges.putIfAbsent(m + ">" + t.uuid, new Edge(m, t.uuid, EdgeKind.CHORD));
          }
        }
      }
    }
    return Optional.of(new WorkflowGraph(root, nodes, List.copyOf(edges.values())));
  }

  private static double firstSeen(TaskRecord t) {
    double best = Double.MAX_VALUE;
    for (double d : new double[] {t.sent, t.received, t.started, t.timestamp}) {
      if (d > 0 && d < best) {
        best = d;
      }
    }
    return best;
  }
}
