package io.fennel.core.worker;

/**
 * What a worker tells whoever watches it (the worker agent): every step of every task and its own
 * life. Calls come on the worker's threads, so implementations must be quick (put in a buffer) and
 * must not throw; the worker counts and ignores anything they throw.
 */
public interface WorkerListener {
  /** The worker is consuming. */
  default void workerReady(Worker worker) {}

  /** The worker stops (warm or cold); sent before its connections close. */
  default void workerStopping(Worker worker) {}

  /** A task message was decoded and its task is known; it may still wait for its ETA. */
  default void taskReceived(TaskRequest request) {}

  /**
   * Something happened to a run of a task: it started, succeeded, failed, will retry, was revoked,
   * or was rejected. The result (when there is one) is stored before listeners hear of it.
   */
  default void taskOutcome(TaskRequest request, TaskOutcome outcome) {}

  /** A message was refused before it became a request: undecodable, or pickle. */
  default void messageRefused(String queue, String reason) {}
}
