package io.fennel.core.canvas;

import java.util.List;

/**
 * The ids a sent workflow will store results under, known before anything runs (Celery's frozen
 * results): one task, or a group of members; {@code parent} is what runs before it (the previous
 * chain step, a chord's header), or null.
 */
public sealed interface ResultRef {
  /** The id results are stored under (a task id or a group id). */
  String id();

  /** What runs before this, or null. */
  ResultRef parent();

  /** This ref with another parent. */
  ResultRef withParent(ResultRef parent);

  /** One task's result. */
  record Task(String id, ResultRef parent) implements ResultRef {
    @Override
    public Task withParent(ResultRef p) {
      return new Task(id, p);
    }
  }

  /** A group's results, in member order. */
  record Group(String id, List<ResultRef> members, ResultRef parent) implements ResultRef {
    public Group {
      members = List.copyOf(members);
    }

    @Override
    public Group withParent(ResultRef p) {
      return new Group(id, members, p);
    }
  }
}
