package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a worker tells whoever watches it (the worker agent): every step of every task and its own
 * life. Calls come on the worker's threads, so implementations must be quick (put in a buffer) and
 * must not throw; the worker logs and ignores anything they throw.
 */
public interface WorkerListener {
  /** The worker is consuming. */
  default void workerReady(Worker worker) {}

  /** The worker stops (warm or cold); sent before its connections close. */
  default void workerStopping(Worker worker) {}

  default void taskReceived(TaskRequest request) {}

  default void taskStarted(TaskRequest request) {}

  default void taskSucceeded(TaskRequest request, JsonNode result, double runtimeSeconds) {}

  default void taskFailed(TaskRequest request, TaskFailure failure, double runtimeSeconds) {}

  /** The task will run again; {@code reason} is null when it retried without an exception. */
  default void taskRetried(TaskRequest request, TaskFailure reason) {}

  default void taskRejected(TaskRequest request, boolean requeue) {}

  /**
   * The task was revoked: before it ran, by expiry, or terminated while running.
   *
   * @param signum 15 (SIGTERM) or 9 (SIGKILL) when terminated, else null
   */
  default void taskRevoked(
      TaskRequest request, boolean terminated, Integer signum, boolean expired) {}

  /** A message was refused before it became a request: undecodable, or pickle. */
  default void messageRefused(String queue, String reason) {}
}
