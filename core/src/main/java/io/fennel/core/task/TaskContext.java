package io.fennel.core.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a running task can know about itself (ids, retries, where it came from) and the one thing it
 * can ask for: to be retried later.
 */
public interface TaskContext {
  String id();

  String name();

  int retries();

  String rootId();

  /** The id of the task that sent this one, or null. */
  String parentId();

  /** The group this task belongs to, or null. */
  String groupId();

  /** The worker's node name, e.g. {@code worker1@host}. */
  String hostname();

  DeliveryInfo deliveryInfo();

  Optional<Instant> eta();

  Optional<Instant> expires();

  /** True once the task was revoked with terminate: long loops should check it and stop. */
  boolean isTerminated();

  /**
   * True once the soft time limit passed. The task's thread is also interrupted then; a task that
   * ignores interrupts should check this in long loops, clean up and throw.
   */
  boolean isSoftTimeLimitExceeded();

  /**
   * Asks to run again after {@code countdown}; always throws. Past the task's max retries it throws
   * {@code reason} (or {@link MaxRetriesExceededException} when there is none) instead.
   *
   * @param maxRetries overrides the task's max retries, or null
   */
  Retry retry(Duration countdown, Throwable reason, Integer maxRetries);

  /** {@link #retry(Duration, Throwable, Integer)} with the task's default delay and max. */
  default Retry retry(Throwable reason) {
    return retry(null, reason, null);
  }
}
