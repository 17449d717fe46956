package io.fennel.core.result;

import io.fennel.core.error.FennelException;
import java.time.Duration;

/** {@code get(timeout)} gave up: the task was not ready in time. */
public final class TaskTimeoutException extends FennelException {
  private static final long serialVersionUID = 1L;

  public TaskTimeoutException(String taskId, Duration timeout, String lastState) {
    super(
        "task "
            + taskId
            + " was not ready after "
            + timeout.toMillis()
            + " ms (last state "
            + lastState
            + "); is a worker consuming its queue?");
  }
}
