package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.canvas.FollowUps;
import io.fennel.core.task.TaskDefinition;
import io.fennel.protocol.result.ExceptionInfo;
import io.fennel.protocol.state.TaskState;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a task's outcome takes effect: for each {@link TaskOutcome} it stores the result
 * (through the {@link ResultWriter}, which refuses moves the state table forbids), tells the
 * listeners, acknowledges or rejects the message, logs, and tells canvas's {@link FollowUps} at
 * four points (before SUCCESS is stored, after it is, after FAILURE, after REVOKED, expired and
 * discarded included): that is where a workflow continues after an outcome (callbacks, the next
 * chain step, errbacks, chord parts).
 */
final class OutcomeHandler {
  private static final Logger log = LoggerFactory.getLogger(OutcomeHandler.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The failure kind under which outcomes that could not be settled are counted. */
  static final String FAILURE_KIND = "worker.outcome";

  private final WorkerDependencies deps;
  private final String hostname;
  private final ResultWriter results;
  private final Listeners listeners;
  private final FollowUps followUps;

  OutcomeHandler(
      WorkerDependencies deps, String hostname, ResultWriter results, Listeners listeners) {
    this.deps = deps;
    this.hostname = hostname;
    this.results = results;
    this.listeners = listeners;
    this.followUps =
        new FollowUps(deps.producer(), deps.backend(), deps.scheduler().clock(), deps.failures());
  }

  /**
   * Makes {@code outcome} of this run of {@code r} take effect. Never throws: what fails on the way
   * (a broker refusing an ack) goes to the worker's {@link io.fennel.core.runtime.FailureHandler}
   * under {@value #FAILURE_KIND}.
   */
  void settle(TaskRequest r, TaskOutcome outcome) {
    try {
      switch (outcome) {
        case TaskOutcome.Started s -> started(r, s);
        case TaskOutcome.Succeeded s -> succeeded(r, s);
        case TaskOutcome.Failed f -> failed(r, f);
        case TaskOutcome.Retried t -> retried(r, t);
        case TaskOutcome.Revoked v -> revoked(r, v);
        case TaskOutcome.Rejected j -> rejected(r, j);
      }
    } catch (RuntimeException e) {
      deps.failures()
          .handle(
              FAILURE_KIND,
              "settling " + outcome.state() + " of " + r.name() + "[" + r.id() + "]",
              e);
    }
  }

  private void tell(TaskRequest r, TaskOutcome o) {
    listeners.tell(l -> l.taskOutcome(r, o));
  }

  private void started(TaskRequest r, TaskOutcome.Started s) {
    TaskDefinition def = r.definition();
    tell(r, s);
    if (!or(def.options().acksLate(), deps.config().taskAcksLate())) {
      r.ack();
    }
    if (or(def.options().trackStarted(), deps.config().taskTrackStarted())) {
      ObjectNode meta = JSON.objectNode();
      meta.put("pid", deps.pid());
      meta.put("hostname", hostname);
      results.store(r, TaskState.STARTED, meta, null);
    } else {
      results.move(r, TaskState.STARTED);
    }
  }

  private void succeeded(TaskRequest r, TaskOutcome.Succeeded s) {
    if (!results.move(r, TaskState.SUCCESS)) {
      r.ack();
      return;
    }
    JsonNode children = followUps.onSuccess(r.message(), s.result());
    boolean stored = results.write(r, TaskState.SUCCESS, s.result(), null, children);
    tell(r, s);
    if (!stored && acksLate(r, deps.config())) {
      // At least once: the result never reached the backend, so the message goes back.
      r.reject(true);
      return;
    }
    r.ack();
    followUps.onSuccessStored(r.message(), s.result());
  }

  private void failed(TaskRequest r, TaskOutcome.Failed f) {
    TaskFailure failure = f.failure();
    JsonNode exception = failure.toExceptionInfo().toJson();
    boolean stored = results.move(r, TaskState.FAILURE);
    boolean written =
        stored && results.write(r, TaskState.FAILURE, exception, failure.traceback(), null);
    if (stored) {
      tell(r, f);
    }
    if (stored && !written && acksLate(r, deps.config())) {
      r.reject(true); // at least once: the failure never reached the backend
      return;
    }
    if (!deps.config().taskAcksOnFailureOrTimeout() && acksLate(r, deps.config())) {
      r.reject(false);
    } else {
      r.ack();
    }
    if (stored) {
      log.info(
          "task {}[{}] failed: {}: {}", r.name(), r.id(), failure.excType(), failure.excMessage());
      followUps.onFailure(r.message(), exception, failure.traceback());
    }
  }

  private void retried(TaskRequest r, TaskOutcome.Retried t) {
    TaskFailure reason = t.reason();
    if (!results.store(
        r,
        TaskState.RETRY,
        reason == null ? JSON.nullNode() : reason.toExceptionInfo().toJson(),
        t.traceback())) {
      r.ack();
      return;
    }
    tell(r, t);
    Instant eta = deps.scheduler().clock().instant().plus(t.countdown());
    try {
      deps.producer().publish(RetryMessage.next(r.message(), eta), "", r.deliveryInfo().queue());
    } catch (RuntimeException e) {
      log.error(
          "cannot send the retry of {}[{}]; its message goes back to the queue",
          r.name(),
          r.id(),
          e);
      r.reject(true);
      return;
    }
    r.ack();
    log.info(
        "task {}[{}] retry {} in {} ms", r.name(), r.id(), t.retries(), t.countdown().toMillis());
  }

  private void revoked(TaskRequest r, TaskOutcome.Revoked v) {
    String why =
        switch (v.reason()) {
          case REVOKED -> "revoked";
          case EXPIRED -> "expired";
          case TERMINATED -> "terminated";
        };
    JsonNode info = exception("TaskRevokedError", why);
    boolean stored = results.store(r, TaskState.REVOKED, info, null);
    if (stored) {
      tell(r, v);
    }
    r.ack();
    if (!stored) {
      return;
    }
    followUps.onRevoked(r.message(), info);
    if (v.isTerminated()) {
      log.info("task {}[{}] terminated (signal {})", r.name(), r.id(), v.signum());
    } else {
      log.info("discarded {} task {}[{}]", why, r.name(), r.id());
    }
  }

  private void rejected(TaskRequest r, TaskOutcome.Rejected j) {
    switch (j.reason()) {
      case UNREGISTERED -> {
        log.error(
            "received unregistered task {}[{}]; it was rejected. Known tasks: {}",
            r.name(),
            r.id(),
            deps.registry().names());
        results.store(r, TaskState.FAILURE, exception("NotRegistered", "'" + r.name() + "'"), null);
        tell(r, j);
        r.reject(false);
      }
      case STOPPING -> {
        tell(r, j);
        r.reject(true);
      }
      case CANCELLED -> {
        tell(r, j);
        log.warn(
            "cancelled {}[{}]: the broker connection was lost, so it will be delivered again",
            r.name(),
            r.id());
        r.reject(true);
      }
      case WORKER_LOST -> {
        tell(r, j);
        log.warn(
            "the child running {}[{}] died; task_reject_on_worker_lost sends it back to the queue",
            r.name(),
            r.id());
        r.reject(true);
      }
      case INTERRUPTED -> {
        tell(r, j);
        if (r.acknowledged()) {
          log.warn(
              "cold shutdown interrupted {}[{}]; it was acknowledged, so it is lost",
              r.name(),
              r.id());
        } else {
          log.warn(
              "cold shutdown interrupted {}[{}]; its message goes back to the queue",
              r.name(),
              r.id());
          r.reject(true);
        }
      }
    }
  }

  /** A Celery exception dict, e.g. {@code TaskRevokedError('revoked')}. */
  private static JsonNode exception(String type, String message) {
    return new ExceptionInfo(type, JSON.arrayNode().add(message), "celery.exceptions").toJson();
  }

  /** Whether the task acknowledges after it ends (its own option, else {@code task_acks_late}). */
  static boolean acksLate(TaskRequest r, io.fennel.core.config.FennelConfig config) {
    TaskDefinition def = r.definition();
    return or(def == null ? null : def.options().acksLate(), config.taskAcksLate());
  }

  private static boolean or(Boolean task, boolean app) {
    return task != null ? task : app;
  }
}
