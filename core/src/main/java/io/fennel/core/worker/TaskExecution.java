package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.canvas.FollowUps;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.task.DeliveryInfo;
import io.fennel.core.task.MaxRetriesExceededException;
import io.fennel.core.task.Retry;
import io.fennel.core.task.TaskCall;
import io.fennel.core.task.TaskContext;
import io.fennel.core.task.TaskDefinition;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ExceptionInfo;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task request on a pool thread and settles it: success, failure, retry (explicit or
 * automatic) or termination, storing each state and telling the listeners.
 */
final class TaskExecution {
  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Worker worker;
  private final WorkerDependencies deps;
  private final ResultWriter results;
  private final Listeners listeners;
  private final FollowUps followUps;

  TaskExecution(Worker worker, WorkerDependencies deps, ResultWriter results, Listeners listeners) {
    this.worker = worker;
    this.deps = deps;
    this.results = results;
    this.listeners = listeners;
    this.followUps =
        new FollowUps(
            deps.producer(), deps.backend(), deps.scheduler().clock(), FailureHandler.logging());
  }

  /** Chain steps, callbacks, errbacks and chord parts after an outcome (canvas). */
  FollowUps followUps() {
    return followUps;
  }

  private Instant now() {
    return deps.scheduler().clock().instant();
  }

  void run(TaskRequest r) {
    if (worker.isRevoked(r.id())) {
      worker.discardRevoked(r, false);
      return;
    }
    if (worker.isExpired(r)) {
      worker.discardRevoked(r, true);
      return;
    }
    if (!worker.isRunning()) {
      r.reject(true);
      return;
    }
    TaskDefinition def = r.definition();
    worker.markActive(r);
    r.started(now(), Thread.currentThread());
    listeners.tell(l -> l.taskStarted(r));
    boolean acksLate = or(def.options().acksLate(), deps.config().taskAcksLate());
    if (!acksLate) {
      r.ack();
    }
    if (or(def.options().trackStarted(), deps.config().taskTrackStarted())) {
      ObjectNode meta = JSON.objectNode();
      meta.put("pid", deps.pid());
      meta.put("hostname", worker.hostname());
      results.store(r, "STARTED", meta, null, false);
    }
    long t0 = deps.scheduler().nanoTime();
    TimeLimits.Limits limits = worker.timeLimitsFor(r);
    Scheduler.Cancellable soft =
        limits.soft() == null
            ? null
            : deps.scheduler().schedule(r::softLimitExceeded, seconds(limits.soft()));
    Scheduler.Cancellable hard =
        limits.hard() == null
            ? null
            : deps.scheduler()
                .schedule(() -> hardLimit(r, limits.hard(), t0), seconds(limits.hard()));
    try {
      Object value =
          def.handler()
              .run(
                  new TaskCall(r.message().body().args(), r.message().body().kwargs(), context(r)));
      if (!r.claimOutcome()) {
        return;
      }
      if (r.terminatedBy() != null) {
        terminated(r);
        return;
      }
      JsonNode result = PythonJson.MAPPER.valueToTree(value);
      double runtime = seconds(t0);
      JsonNode children = followUps.onSuccess(r.message(), result);
      results.store(r, "SUCCESS", result, null, true, children);
      listeners.tell(l -> l.taskSucceeded(r, result, runtime));
      r.ack();
      followUps.onSuccessStored(r.message(), result);
    } catch (Retry retry) {
      if (r.claimOutcome()) {
        retry(r, def, retry, t0);
      }
    } catch (Throwable t) {
      if (!r.claimOutcome()) {
        return;
      }
      if (r.terminatedBy() != null) {
        terminated(r);
      } else if (r.isSoftLimitExceeded()) {
        fail(r, new SoftTimeLimitExceeded(limits.soft(), t), t0);
      } else if (worker.isColdShutdown()) {
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
      } else if (def.options().autoretries(t)) {
        Duration delay =
            def.options().autoretryDelay(r.message().headers().retries(), deps.random());
        retry(r, def, new Retry(delay, t, null), t0);
      } else {
        fail(r, t, t0);
      }
    } finally {
      if (soft != null) {
        soft.cancel();
      }
      if (hard != null) {
        hard.cancel();
      }
      r.finished();
      if (!worker.wasAbandoned(r)) {
        worker.markDone(r);
      }
      Thread.interrupted();
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }

  /**
   * The hard time limit passed: the task fails with TimeLimitExceeded at once and its thread is
   * abandoned (interrupted, counted, replaced in the pool).
   */
  private void hardLimit(TaskRequest r, double limit, long t0) {
    if (!r.claimOutcome()) {
      return;
    }
    Thread t = r.thread();
    worker.abandon(r, t);
    fail(r, new TimeLimitExceeded(limit), t0);
    log.error(
        "task {}[{}] hit its hard time limit of {} s; its thread was abandoned",
        r.name(),
        r.id(),
        limit);
  }

  private static boolean or(Boolean task, boolean app) {
    return task != null ? task : app;
  }

  private double seconds(long t0) {
    return (deps.scheduler().nanoTime() - t0) / 1e9;
  }

  private void terminated(TaskRequest r) {
    int signum = r.terminatedBy();
    results.store(r, "REVOKED", revokedInfo("terminated"), null, true);
    listeners.tell(l -> l.taskRevoked(r, true, signum, false));
    r.ack();
    followUps.onRevoked(r.message(), revokedInfo("terminated"));
    log.info("task {}[{}] terminated (signal {})", r.name(), r.id(), signum);
  }

  static JsonNode revokedInfo(String why) {
    return new ExceptionInfo("TaskRevokedError", JSON.arrayNode().add(why), "celery.exceptions")
        .toJson();
  }

  private void fail(TaskRequest r, Throwable t, long t0) {
    TaskFailure f = TaskFailure.of(t, false);
    double runtime = seconds(t0);
    results.store(r, "FAILURE", f.toExceptionInfo().toJson(), f.traceback(), true);
    listeners.tell(l -> l.taskFailed(r, f, runtime));
    r.ack();
    log.info("task {}[{}] failed: {}: {}", r.name(), r.id(), f.excType(), f.excMessage());
    followUps.onFailure(r.message(), f.toExceptionInfo().toJson(), f.traceback());
  }

  private void retry(TaskRequest r, TaskDefinition def, Retry retry, long t0) {
    TaskHeaders h = r.message().headers();
    int max = retry.maxRetries() != null ? retry.maxRetries() : def.options().maxRetries();
    if (max >= 0 && h.retries() >= max) {
      Throwable reason =
          retry.reason() != null
              ? retry.reason()
              : new MaxRetriesExceededException(r.name(), r.id(), max);
      fail(r, reason, t0);
      return;
    }
    Duration countdown =
        retry.countdown() != null ? retry.countdown() : def.options().defaultRetryDelay();
    Instant eta = now().plus(countdown);
    TaskMessage next =
        new TaskMessage(
            r.message().properties(),
            new TaskHeaders(
                h.lang(),
                h.task(),
                h.id(),
                h.shadow(),
                TaskHeaders.formatInstant(eta),
                h.expires(),
                h.group(),
                h.groupIndex(),
                h.retries() + 1,
                h.timelimit(),
                h.rootId(),
                h.id(),
                h.argsrepr(),
                h.kwargsrepr(),
                h.origin(),
                h.ignoreResult(),
                h.stampedHeaders(),
                h.stamps(),
                h.extra()),
            r.message().body());
    TaskFailure reason = retry.reason() == null ? null : TaskFailure.of(retry.reason(), true);
    results.store(
        r,
        "RETRY",
        reason == null ? JSON.nullNode() : reason.toExceptionInfo().toJson(),
        reason == null ? TaskFailure.traceback(retry) : reason.traceback(),
        false);
    listeners.tell(l -> l.taskRetried(r, reason));
    try {
      deps.producer().publish(next, "", r.deliveryInfo().queue());
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
        "task {}[{}] retry {} in {} ms", r.name(), r.id(), h.retries() + 1, countdown.toMillis());
  }

  private TaskContext context(TaskRequest r) {
    TaskHeaders h = r.message().headers();
    TaskDefinition def = r.definition();
    return new TaskContext() {
      @Override
      public String id() {
        return h.id();
      }

      @Override
      public String name() {
        return h.task();
      }

      @Override
      public int retries() {
        return h.retries();
      }

      @Override
      public String rootId() {
        return h.rootId();
      }

      @Override
      public String parentId() {
        return h.parentId();
      }

      @Override
      public String groupId() {
        return h.group();
      }

      @Override
      public String hostname() {
        return worker.hostname();
      }

      @Override
      public DeliveryInfo deliveryInfo() {
        return r.deliveryInfo();
      }

      @Override
      public Optional<Instant> eta() {
        return h.etaInstant();
      }

      @Override
      public Optional<Instant> expires() {
        return h.expiresInstant();
      }

      @Override
      public boolean isTerminated() {
        return r.terminatedBy() != null;
      }

      @Override
      public boolean isSoftTimeLimitExceeded() {
        return r.isSoftLimitExceeded();
      }

      @Override
      public Retry retry(Duration countdown, Throwable reason, Integer maxRetries) {
        int max = maxRetries != null ? maxRetries : def.options().maxRetries();
        if (max >= 0 && h.retries() >= max && reason != null) {
          if (reason instanceof RuntimeException re) {
            throw re;
          }
          if (reason instanceof Error e) {
            throw e;
          }
        }
        throw new Retry(countdown, reason, maxRetries);
      }
    };
  }
}
