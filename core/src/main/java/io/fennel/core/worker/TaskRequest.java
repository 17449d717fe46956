package io.fennel.core.worker;

import io.fennel.core.broker.Delivery;
import io.fennel.core.task.DeliveryInfo;
import io.fennel.core.task.TaskDefinition;
import io.fennel.protocol.state.TaskState;
import io.fennel.protocol.task.TaskMessage;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One task message a worker holds, from receipt to settlement: the decoded message, the delivery to
 * acknowledge exactly once, the task it names, and what happened to it so far.
 */
public final class TaskRequest {
  private final TaskMessage message;
  private final Delivery delivery;
  private final TaskDefinition definition;
  private final Instant receivedAt;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile Instant startedAt;
  private volatile Thread thread;
  private volatile Integer terminatedBy;
  private volatile boolean softLimitExceeded;
  private volatile boolean cancelled;
  private final AtomicBoolean outcome = new AtomicBoolean();
  private final AtomicReference<TaskState> state = new AtomicReference<>(TaskState.PENDING);

  TaskRequest(
      TaskMessage message, Delivery delivery, TaskDefinition definition, Instant receivedAt) {
    this.message = message;
    this.delivery = delivery;
    this.definition = definition;
    this.receivedAt = receivedAt;
  }

  public String id() {
    return message.headers().id();
  }

  public String name() {
    return message.headers().task();
  }

  public TaskMessage message() {
    return message;
  }

  /** The task definition, or null for a task this worker does not know. */
  public TaskDefinition definition() {
    return definition;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /** When the task started running, if it has. */
  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  /** Whether the delivery can still be settled (its channel is alive). */
  boolean deliveryAlive() {
    return delivery.settleable();
  }

  public DeliveryInfo deliveryInfo() {
    return new DeliveryInfo(
        delivery.exchange(), delivery.routingKey(), delivery.queue(), delivery.redelivered());
  }

  /** Whether the message was acknowledged or rejected already. */
  public boolean acknowledged() {
    return settled.get();
  }

  /** The priority the message was sent with. */
  public int priority() {
    Integer p = message.properties().priority();
    return p == null ? 0 : p;
  }

  /** The last state recorded for this run (PENDING until one is). */
  public TaskState state() {
    return state.get();
  }

  /**
   * Moves this run to {@code next} if the {@link TaskState} table allows it.
   *
   * @return false (and no change) when the table forbids the move
   */
  boolean moveTo(TaskState next) {
    while (true) {
      TaskState now = state.get();
      if (!now.canMoveTo(next)) {
        return false;
      }
      if (state.compareAndSet(now, next)) {
        return true;
      }
    }
  }

  /** Acknowledges the message unless it was settled already. */
  void ack() {
    if (settled.compareAndSet(false, true)) {
      delivery.ack();
    }
  }

  /** Rejects the message unless it was settled already. */
  void reject(boolean requeue) {
    if (settled.compareAndSet(false, true)) {
      delivery.reject(requeue);
    }
  }

  void started(Instant at, Thread t) {
    startedAt = at;
    thread = t;
  }

  void finished() {
    thread = null;
  }

  /** Interrupts the running task; it ends REVOKED with this signal number. */
  boolean terminate(int signum) {
    Thread t = thread;
    terminatedBy = signum;
    if (t != null) {
      t.interrupt();
      return true;
    }
    return false;
  }

  /**
   * Claims the right to settle this run's outcome; only the first caller (the task's own thread, or
   * the hard time limit) gets true.
   */
  boolean claimOutcome() {
    return outcome.compareAndSet(false, true);
  }

  /** Marks the soft time limit as passed and interrupts the task's thread. */
  void softLimitExceeded() {
    softLimitExceeded = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /**
   * Cancels the running task because its delivery died with the broker connection ({@code
   * worker_cancel_long_running_tasks_on_connection_loss}): it is interrupted and ends rejected,
   * since the broker delivers the message again.
   */
  void cancel() {
    cancelled = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Whether the task was cancelled after a connection loss. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Whether the soft time limit has passed. */
  public boolean isSoftLimitExceeded() {
    return softLimitExceeded;
  }

  /** The thread running the task, or null. */
  Thread thread() {
    return thread;
  }

  /** The signal the task was terminated with, or null. */
  public Integer terminatedBy() {
    return terminatedBy;
  }
}
