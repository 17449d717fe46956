package io.fennel.core.task;

import io.fennel.core.error.FennelException;
import java.time.Duration;

/**
 * Thrown by {@link TaskContext#retry} to ask the worker to run the task again later. Task code lets
 * it propagate; the worker catches it, stores RETRY and sends the message again.
 */
public final class Retry extends FennelException {
  private static final long serialVersionUID = 1L;

  private final transient Duration countdown;
  private final transient Throwable reason;
  private final Integer maxRetries;

  public Retry(Duration countdown, Throwable reason, Integer maxRetries) {
    super(
        "retry in "
            + countdown.toMillis()
            + " ms"
            + (reason == null ? "" : " because of " + reason),
        null);
    this.countdown = countdown;
    this.reason = reason;
    this.maxRetries = maxRetries;
  }

  /** How long to wait before the next attempt. */
  public Duration countdown() {
    return countdown;
  }

  /** The exception that made the task retry, or null. */
  public Throwable reason() {
    return reason;
  }

  /** A max_retries that overrides the task's option for this retry, or null. */
  public Integer maxRetries() {
    return maxRetries;
  }
}
