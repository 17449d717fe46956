package io.fennel.core.result;

import io.fennel.protocol.result.ResultRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * Where workers store task results and callers read them: Redis ({@code celery-task-meta-<id>}),
 * RPC (a message to the caller's reply queue) or memory. Never used for monitoring. Implementations
 * are thread-safe.
 */
public interface ResultBackend extends AutoCloseable {

  /** The URL it was opened with, password masked. */
  String url();

  /**
   * Stores a task's state (worker side).
   *
   * @param replyTo the task message's {@code reply_to}, where the RPC backend sends the record
   */
  void store(ResultRecord record, String replyTo);

  /** The latest record of a task, or empty when nothing is stored (PENDING). */
  Optional<ResultRecord> get(String taskId);

  /**
   * Waits until the task's record is in a ready state (SUCCESS, FAILURE, REVOKED) or the timeout
   * passes, without polling; returns the latest record seen, ready or not.
   */
  Optional<ResultRecord> await(String taskId, Duration timeout) throws InterruptedException;

  /** Tells the backend a task was sent by this process, so it can listen for its result early. */
  default void watch(String taskId) {}

  /** Where this backend keeps groups and joins chords; empty when it cannot (RPC). */
  default Optional<TasksetStore> tasksets() {
    return Optional.empty();
  }

  /** Deletes a task's stored record. */
  void forget(String taskId);

  @Override
  void close();
}
