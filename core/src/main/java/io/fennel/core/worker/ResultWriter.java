package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a task's states to the result backend in Celery's record format, unless there is no
 * backend or the task ignores its result. A move the {@link TaskState} table forbids (SUCCESS, then
 * STARTED) is refused and logged; a backend that is down is logged. Neither ever throws into the
 * worker.
 */
final class ResultWriter {
  private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);

  private final ResultBackend backend;
  private final Scheduler scheduler;

  ResultWriter(ResultBackend backend, Scheduler scheduler) {
    this.backend = backend;
    this.scheduler = scheduler;
  }

  /**
   * Records {@code state} for this run of the task. A ready state (SUCCESS, FAILURE, REVOKED) gets
   * its {@code date_done}.
   *
   * @return false when the move was refused; true when it was allowed (even if nothing was written
   *     because there is no backend or the task ignores its result)
   */
  boolean store(TaskRequest r, TaskState state, JsonNode result, String traceback) {
    if (!move(r, state)) {
      return false;
    }
    if (backend == null || ignoresResult(r)) {
      return true;
    }
    ResultRecord rec =
        ResultRecord.of(
            state,
            result,
            traceback,
            state.ready() ? ResultRecord.formatDateDone(scheduler.clock().instant()) : null,
            r.message().headers().group(),
            r.message().headers().parentId(),
            r.id());
    try {
      backend.store(rec, r.message().properties().replyTo());
    } catch (RuntimeException e) {
      log.error(
          "cannot store {} for task {} in {}: {}", state, r.id(), backend.url(), e.toString());
    }
    return true;
  }

  /**
   * Moves this run to {@code state} without writing it (a STARTED the task does not track).
   *
   * @return false, after logging, when the state table forbids the move
   */
  boolean move(TaskRequest r, TaskState state) {
    if (r.moveTo(state)) {
      return true;
    }
    TaskState before = r.state();
    log.error(
        "refused to record {} for task {}[{}]: it is {} already and the state table forbids that"
            + " move; the result stays {}",
        state,
        r.name(),
        r.id(),
        before,
        before);
    return false;
  }

  /**
   * Whether the sender or the task asked not to keep the result. An unknown task's FAILURE is
   * always recorded, so its caller learns that the name was wrong.
   */
  private static boolean ignoresResult(TaskRequest r) {
    return r.definition() != null
        && (r.message().headers().ignoreResult() || r.definition().options().ignoreResult());
  }
}
