package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.task.MaxRetriesExceededException;
import io.fennel.core.task.Retry;
import io.fennel.core.task.TaskCall;
import io.fennel.core.task.TaskDefinition;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task request on a pool thread and decides its outcome: started, then succeeded, failed,
 * retried (explicitly or automatically), revoked (terminated) or rejected (a cold shutdown). The
 * {@link OutcomeHandler} makes each outcome take effect; a claim on the request makes sure a run
 * has one final outcome even when the hard time limit races the task.
 */
final class TaskExecution {
  private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);

  private final Worker worker;
  private final WorkerDependencies deps;
  private final OutcomeHandler outcomes;

  TaskExecution(Worker worker, WorkerDependencies deps, OutcomeHandler outcomes) {
    this.worker = worker;
    this.deps = deps;
    this.outcomes = outcomes;
  }

  void run(TaskRequest r) {
    if (worker.isRevoked(r.id())) {
      worker.discard(r, false);
      return;
    }
    if (worker.isExpired(r)) {
      worker.discard(r, true);
      return;
    }
    if (!worker.isRunning()) {
      outcomes.settle(r, new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.STOPPING));
      return;
    }
    if (!r.deliveryAlive()) {
      // The broker delivers it again, so running it here would run it twice.
      worker.dropDead(r);
      log.warn(
          "not running {}[{}]: its delivery came on a connection that has since been lost, and"
              + " the broker delivers it again",
          r.name(),
          r.id());
      return;
    }
    TaskDefinition def = r.definition();
    worker.markActive(r);
    r.started(deps.scheduler().clock().instant(), Thread.currentThread());
    outcomes.settle(r, new TaskOutcome.Started());
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
      ProcessChildren children = worker.pool().children();
      Object value =
          children != null
              ? children.run(r, worker.hostname())
              : def.handler()
                  .run(
                      new TaskCall(
                          r.message().body().args(),
                          r.message().body().kwargs(),
                          new RunningTaskContext(r, worker.hostname())));
      if (!r.claimOutcome()) {
        return;
      }
      if (r.terminatedBy() != null) {
        outcomes.settle(r, TaskOutcome.Revoked.terminated(r.terminatedBy()));
        return;
      }
      JsonNode result = PythonJson.MAPPER.valueToTree(value);
      outcomes.settle(r, new TaskOutcome.Succeeded(result, seconds(t0)));
    } catch (Retry retry) {
      if (r.claimOutcome()) {
        outcomes.settle(r, retry(r, def, retry, t0));
      }
    } catch (Throwable t) {
      if (r.claimOutcome()) {
        outcomes.settle(r, afterThrow(r, def, t, limits, t0));
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

  /** The outcome of a task body that threw {@code t}. */
  private TaskOutcome afterThrow(
      TaskRequest r, TaskDefinition def, Throwable t, TimeLimits.Limits limits, long t0) {
    if (r.terminatedBy() != null) {
      return TaskOutcome.Revoked.terminated(r.terminatedBy());
    }
    if (r.isSoftLimitExceeded()) {
      return failed(new SoftTimeLimitExceeded(limits.soft(), t), t0);
    }
    if (worker.isColdShutdown()) {
      return new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.INTERRUPTED);
    }
    if (r.isCancelled()) {
      return new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.CANCELLED);
    }
    if (t instanceof WorkerLostError
        && deps.config().taskRejectOnWorkerLost()
        && OutcomeHandler.acksLate(r, deps.config())) {
      return new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.WORKER_LOST);
    }
    if (t instanceof ChildTaskException c ? c.autoretry() : def.options().autoretries(t)) {
      Duration delay = def.options().autoretryDelay(r.message().headers().retries(), deps.random());
      return retry(r, def, new Retry(delay, t, null), t0);
    }
    return failed(t, t0);
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
    outcomes.settle(r, failed(new TimeLimitExceeded(limit), t0));
    log.error(
        "task {}[{}] hit its hard time limit of {} s; its {} was {}",
        r.name(),
        r.id(),
        limit,
        t == null || worker.pool().children() == null ? "thread" : "child process",
        t == null || worker.pool().children() == null ? "abandoned" : "killed");
  }

  private double seconds(long t0) {
    return (deps.scheduler().nanoTime() - t0) / 1e9;
  }

  private TaskOutcome.Failed failed(Throwable t, long t0) {
    return new TaskOutcome.Failed(TaskFailure.of(t, false), seconds(t0));
  }

  /** A retry, or the failure it becomes once the task is out of retries. */
  private TaskOutcome retry(TaskRequest r, TaskDefinition def, Retry retry, long t0) {
    int retries = r.message().headers().retries();
    int max = retry.maxRetries() != null ? retry.maxRetries() : def.options().maxRetries();
    if (max >= 0 && retries >= max) {
      Throwable reason =
          retry.reason() != null
              ? retry.reason()
              : new MaxRetriesExceededException(r.name(), r.id(), max);
      return failed(reason, t0);
    }
    Duration countdown =
        retry.countdown() != null ? retry.countdown() : def.options().defaultRetryDelay();
    TaskFailure reason = retry.reason() == null ? null : TaskFailure.of(retry.reason(), true);
    return new TaskOutcome.Retried(
        reason,
        reason == null ? TaskFailure.traceback(retry) : reason.traceback(),
        countdown,
        retries + 1);
  }
}
