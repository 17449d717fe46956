package io.fennel.core.task;

import io.fennel.core.error.FennelException;

/** A task asked to retry after it had used all of its retries, with no exception of its own. */
public final class MaxRetriesExceededException extends FennelException {
  private static final long serialVersionUID = 1L;

  public MaxRetriesExceededException(String taskName, String taskId, int maxRetries) {
    super(
        "Can't retry "
            + taskName
            + "["
            + taskId
            + "] args, max retries exceeded ("
            + maxRetries
            + ")");
  }
}
