package io.fennel.monitor.state;

import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.WorkerEvent;

/**
 * Told of every change to the {@link ClusterState}, on the thread that made it, after the state's
 * lock is released. Implementations must return quickly and never throw (a throw is logged and
 * counted, and the other listeners still run).
 */
public interface StateListener {

  /** A task event was merged; {@code task} is the task after the merge (without its timeline). */
  default void onTaskEvent(TaskEvent event, TaskView task) {}

  /** A worker event was merged; {@code worker} is the worker after the merge. */
  default void onWorkerEvent(WorkerEvent event, WorkerView worker) {}

  /** A worker went online or offline without an event saying so (missed heartbeats). */
  default void onWorkerStatus(WorkerView worker) {}

  /** A worker was forgotten after being offline too long. */
  default void onWorkerPurged(String hostname) {}

  /** A task name's last kept task went: whatever is kept per name for it may go too. */
  default void onTaskNameDropped(String name) {}
}
