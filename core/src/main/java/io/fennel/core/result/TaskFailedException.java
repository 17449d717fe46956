package io.fennel.core.result;

import io.fennel.core.error.FennelException;

/**
 * The task ended in FAILURE or REVOKED on a worker (Fennel or Celery): carries the remote
 * exception's type, message, module and traceback.
 */
public final class TaskFailedException extends FennelException {
  private static final long serialVersionUID = 1L;

  private final String taskId;
  private final String state;
  private final String excType;
  private final String excMessage;
  private final String excModule;
  private final String remoteTraceback;

  public TaskFailedException(
      String taskId,
      String state,
      String excType,
      String excMessage,
      String excModule,
      String remoteTraceback) {
    super(
        "task "
            + taskId
            + " "
            + state
            + ": "
            + (excModule == null || excModule.equals("builtins") ? "" : excModule + ".")
            + excType
            + ": "
            + excMessage);
    this.taskId = taskId;
    this.state = state;
    this.excType = excType;
    this.excMessage = excMessage;
    this.excModule = excModule;
    this.remoteTraceback = remoteTraceback;
  }

  public String taskId() {
    return taskId;
  }

  /** FAILURE or REVOKED. */
  public String state() {
    return state;
  }

  /** The remote exception's class name, e.g. {@code ValueError}. */
  public String excType() {
    return excType;
  }

  public String excMessage() {
    return excMessage;
  }

  /** The remote exception's module (Python) or package (Java), e.g. {@code builtins}. */
  public String excModule() {
    return excModule;
  }

  /** The traceback text as the worker formatted it, or null. */
  public String remoteTraceback() {
    return remoteTraceback;
  }
}
