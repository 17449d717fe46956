package io.fennel.core.task;

import io.fennel.core.error.FennelException;

/** A task's arguments do not fit its parameters: names the task, the argument and the value. */
public final class TaskArgumentException extends FennelException {
  private static final long serialVersionUID = 1L;

  public TaskArgumentException(String message) {
    super(message);
  }

  public TaskArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
