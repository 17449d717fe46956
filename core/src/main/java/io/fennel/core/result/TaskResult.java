package io.fennel.core.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A handle on what a workflow stores results under: one task ({@link AsyncResult}) or a group of
 * them ({@link GroupResult}); either may have a parent (the previous chain step, a chord's header).
 */
public sealed interface TaskResult permits AsyncResult, GroupResult {
  /** The task id or group id. */
  String id();

  /** Whether the task, or every member, has finished. */
  boolean ready();

  /** What ran before this in its workflow, when known. */
  Optional<TaskResult> parent();

  /** Celery's tuple form, e.g. {@code [["<id>", null], null]}, as stored in {@code children}. */
  JsonNode asTuple();
}
