package io.fennel.core.worker;

/**
 * A task body that threw inside a process-pool child, as the parent sees it: the failure the child
 * reported (type, message, module, traceback) and whether the task's {@code autoretry_for} matched.
 */
final class ChildTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient TaskFailure failure;
  private final boolean autoretry;

  ChildTaskException(TaskFailure failure, boolean autoretry) {
    super(failure.excType() + ": " + failure.excMessage(), null, false, false);
    this.failure = failure;
    this.autoretry = autoretry;
  }

  /** The child's failure, marked retryable or not. */
  TaskFailure failure(boolean retryable) {
    return new TaskFailure(
        failure.excType(),
        failure.excMessage(),
        failure.excModule(),
        failure.traceback(),
        retryable);
  }

  boolean autoretry() {
    return autoretry;
  }
}
