package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.runtime.Backoff;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a task's states to the result backend in Celery's record format, unless there is no
 * backend or the task ignores its result. A move the {@link TaskState} table forbids (SUCCESS, then
 * STARTED) is refused and logged. A backend that is down is retried with {@link Backoff} on the
 * injected scheduler for as long as the worker runs: the pool thread waits, so the worker stops
 * taking tasks until the backend is back and no result is lost. Nothing here throws into the
 * worker.
 */
final class ResultWriter {
  private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);

  /** The wait between attempts to store a result while the backend is away. */
  static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  private final ResultBackend backend;
  private final Scheduler scheduler;
  private final BooleanSupplier keepTrying;
  private final AtomicInteger waiting = new AtomicInteger();

  ResultWriter(ResultBackend backend, Scheduler scheduler) {
    this(backend, scheduler, () -> false);
  }

  /** {@code keepTrying}: whether a failed write is tried again (while the worker runs). */
  ResultWriter(ResultBackend backend, Scheduler scheduler, BooleanSupplier keepTrying) {
    this.backend = backend;
    this.scheduler = scheduler;
    this.keepTrying = keepTrying;
  }

  /** How many results wait for the backend to come back. */
  int waiting() {
    return waiting.get();
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
    write(r, state, result, traceback, null);
    return true;
  }

  /**
   * Writes {@code state} for a run already moved there with {@link #move}; {@code children} are the
   * tasks it sent (null for none). Returns false only when the record could not be stored (the
   * backend was away and the worker stopped, or the wait was interrupted).
   */
  boolean write(
      TaskRequest r, TaskState state, JsonNode result, String traceback, JsonNode children) {
    if (backend == null || ignoresResult(r)) {
      return true;
    }
    ResultRecord rec =
        ResultRecord.of(
            state,
            result,
            traceback,
            children,
            state.ready() ? ResultRecord.formatDateDone(scheduler.clock().instant()) : null,
            r.message().headers().group(),
            r.message().headers().parentId(),
            r.id());
    String replyTo = r.message().properties().replyTo();
    for (int attempt = 1; ; attempt++) {
      try {
        backend.store(rec, replyTo);
        if (attempt > 1) {
          log.info("stored {} for task {} after {} attempts", state, r.id(), attempt);
        }
        return true;
      } catch (RuntimeException e) {
        if (!keepTrying.getAsBoolean()) {
          log.error(
              "cannot store {} for task {} in {}: {}; the worker is stopping, so the result is lost",
              state,
              r.id(),
              backend.url(),
              e.toString());
          return false;
        }
        if (attempt == 1) {
          log.warn(
              "cannot store {} for task {} in {}: {}; retrying with backoff (up to {} s apart);"
                  + " this pool slot waits until the backend is back",
              state,
              r.id(),
              backend.url(),
              e.toString(),
              RETRY.max().toSeconds());
        }
        waiting.incrementAndGet();
        boolean waited = Backoff.pause(scheduler, RETRY.delay(attempt));
        waiting.decrementAndGet();
        if (!waited) {
          log.error("gave up storing {} for task {}: interrupted", state, r.id());
          return false;
        }
      }
    }
  }

  /**
   * Moves this run to {@code state} without writing it (a STARTED the task does not track, or
   * before {@link #write}).
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
