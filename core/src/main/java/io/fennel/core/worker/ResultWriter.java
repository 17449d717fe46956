package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.result.ResultRecord;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a task's states to the result backend in Celery's record format, unless there is no
 * backend or the task ignores its result. A backend that is down is logged, never fatal.
 */
final class ResultWriter {
  private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);

  private final ResultBackend backend;
  private final Scheduler scheduler;

  ResultWriter(ResultBackend backend, Scheduler scheduler) {
    this.backend = backend;
    this.scheduler = scheduler;
  }

  void store(TaskRequest r, String status, JsonNode result, String traceback, boolean done) {
    store(r, status, result, traceback, done, JsonNodeFactory.instance.arrayNode());
  }

  /** As above, with the {@code children} the task sent (a chain's next step, its callbacks). */
  void store(
      TaskRequest r,
      String status,
      JsonNode result,
      String traceback,
      boolean done,
      JsonNode children) {
    if (backend == null
        || r.message().headers().ignoreResult()
        || (r.definition() != null && r.definition().options().ignoreResult())) {
      return;
    }
    storeFor(
        r.id(),
        r.message().headers().group(),
        r.message().headers().parentId(),
        r.message().properties().replyTo(),
        status,
        result,
        traceback,
        done,
        children);
  }

  void storeFor(
      String id,
      String group,
      String parentId,
      String replyTo,
      String status,
      JsonNode result,
      String traceback,
      boolean done) {
    storeFor(
        id,
        group,
        parentId,
        replyTo,
        status,
        result,
        traceback,
        done,
        JsonNodeFactory.instance.arrayNode());
  }

  private void storeFor(
      String id,
      String group,
      String parentId,
      String replyTo,
      String status,
      JsonNode result,
      String traceback,
      boolean done,
      JsonNode children) {
    if (backend == null) {
      return;
    }
    ResultRecord rec =
        new ResultRecord(
            status,
            result == null ? JsonNodeFactory.instance.nullNode() : result,
            traceback,
            children,
            done ? ResultRecord.formatDateDone(scheduler.clock().instant()) : null,
            group,
            parentId,
            id,
            Map.of());
    try {
      backend.store(rec, replyTo);
    } catch (RuntimeException e) {
      log.error("cannot store {} for task {} in {}: {}", status, id, backend.url(), e.toString());
    }
  }
}
