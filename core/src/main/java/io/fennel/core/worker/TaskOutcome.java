package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.Objects;

/**
 * What happened to one run of a task, as one value: the worker states each outcome once, and its
 * outcome handler stores the result, tells the {@link WorkerListener}s, settles the message and
 * logs from it. Switch over it without a {@code default}, so a new kind fails to compile where it
 * needs handling.
 */
public sealed interface TaskOutcome {

  /** The task's state after this outcome, as events and the result backend name it. */
  TaskState state();

  /** The task began running on a pool thread. */
  record Started() implements TaskOutcome {
    @Override
    public TaskState state() {
      return TaskState.STARTED;
    }
  }

  /** The task returned {@code result} (JSON) after {@code runtimeSeconds}. */
  record Succeeded(JsonNode result, double runtimeSeconds) implements TaskOutcome {
    public Succeeded {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public TaskState state() {
      return TaskState.SUCCESS;
    }
  }

  /** The task threw (or ran out of retries or time) after {@code runtimeSeconds}. */
  record Failed(TaskFailure failure, double runtimeSeconds) implements TaskOutcome {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public TaskState state() {
      return TaskState.FAILURE;
    }
  }

  /**
   * The task asked to run again (or failed with an exception it retries on): a copy of its message
   * is sent to run after {@code countdown}, as retry number {@code retries}.
   *
   * @param reason the failure that caused it, or null when the task retried without an exception
   * @param traceback where the retry was asked for (the reason's traceback when there is one)
   */
  record Retried(TaskFailure reason, String traceback, Duration countdown, int retries)
      implements TaskOutcome {
    public Retried {
      Objects.requireNonNull(countdown, "countdown");
    }

    @Override
    public TaskState state() {
      return TaskState.RETRY;
    }
  }

  /**
   * The task was revoked: discarded before it ran (revoked or expired), or terminated while running
   * with signal {@code signum} (15 or 9; null unless terminated).
   */
  record Revoked(Reason reason, Integer signum) implements TaskOutcome {
    /** Why a task ended REVOKED. */
    public enum Reason {
      /** Its id was revoked before it ran. */
      REVOKED,
      /** Its {@code expires} time passed before it ran. */
      EXPIRED,
      /** It was revoked with terminate while running. */
      TERMINATED
    }

    public Revoked {
      Objects.requireNonNull(reason, "reason");
      if ((reason == Reason.TERMINATED) != (signum != null)) {
        throw new IllegalArgumentException(
            "a signal number goes with a terminated task only; was " + reason + " and " + signum);
      }
    }

    /** Discarded before it ran. */
    public static Revoked before(boolean expired) {
      return new Revoked(expired ? Reason.EXPIRED : Reason.REVOKED, null);
    }

    /** Terminated while running. */
    public static Revoked terminated(int signum) {
      return new Revoked(Reason.TERMINATED, signum);
    }

    public boolean isTerminated() {
      return reason == Reason.TERMINATED;
    }

    public boolean isExpired() {
      return reason == Reason.EXPIRED;
    }

    @Override
    public TaskState state() {
      return TaskState.REVOKED;
    }
  }

  /** The worker did not run the task and handed its message back to the broker. */
  record Rejected(Reason reason) implements TaskOutcome {
    /** Why a message was rejected, and so whether it goes back to its queue. */
    public enum Reason {
      /** No task of that name is registered here: FAILURE is recorded, the message dropped. */
      UNREGISTERED(false),
      /** The worker is stopping: the message goes back to the queue for another worker. */
      STOPPING(true),
      /** A cold shutdown interrupted the task: its message goes back unless acknowledged. */
      INTERRUPTED(true),
      /**
       * The process-pool child running it died, and {@code task_reject_on_worker_lost} with late
       * acknowledgement asks for the message to go back to the queue.
       */
      WORKER_LOST(true),
      /**
       * The broker connection was lost while a late-acked task ran, and {@code
       * worker_cancel_long_running_tasks_on_connection_loss} cancelled it: the broker delivers it
       * again.
       */
      CANCELLED(true);

      private final boolean requeue;

      Reason(boolean requeue) {
        this.requeue = requeue;
      }

      public boolean requeue() {
        return requeue;
      }
    }

    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    /** Whether the message goes back to its queue. */
    public boolean requeue() {
      return reason.requeue();
    }

    @Override
    public TaskState state() {
      return TaskState.REJECTED;
    }
  }
}
