package io.fennel.core.worker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.protocol.repr.PythonRepr;
import io.fennel.protocol.result.ExceptionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A task's failure as data: exception type, message, module, traceback text and whether it may be
 * retried. Java exceptions map to Celery's {@code {exc_type, exc_message, exc_module}}: the simple
 * class name, the message, and the package as the module.
 */
public record TaskFailure(
    String excType, String excMessage, String excModule, String traceback, boolean retryable) {

  /**
   * Fennel's own failures that Celery also has, under Celery's names, so a Python client rebuilds
   * the real {@code celery.exceptions} class.
   */
  private static final java.util.Map<Class<?>, String> CELERY_NAMES =
      java.util.Map.of(
          TimeLimitExceeded.class, "TimeLimitExceeded",
          SoftTimeLimitExceeded.class, "SoftTimeLimitExceeded",
          io.fennel.core.task.MaxRetriesExceededException.class, "MaxRetriesExceededError");

  /** The failure of a Java exception. */
  public static TaskFailure of(Throwable t, boolean retryable) {
    if (t instanceof ChildTaskException c) {
      return c.failure(retryable);
    }
    if (t instanceof WorkerLostError) {
      return new TaskFailure(
          "WorkerLostError", t.getMessage(), "billiard.exceptions", traceback(t), retryable);
    }
    String celery = CELERY_NAMES.get(t.getClass());
    if (celery != null) {
      return new TaskFailure(
          celery,
          t.getMessage() == null ? "" : t.getMessage(),
          "celery.exceptions",
          traceback(t),
          retryable);
    }
    if (t instanceof io.fennel.core.task.TaskArgumentException) {
      // Arguments that do not fit are Python's TypeError, so a Python caller catches what it knows.
      return new TaskFailure(
          "TypeError",
          t.getMessage() == null ? "" : t.getMessage(),
          "builtins",
          traceback(t),
          false);
    }
    String type = t.getClass().getSimpleName();
    if (t.getClass().getEnclosingClass() != null) {
      type = t.getClass().getEnclosingClass().getSimpleName() + "." + type;
    }
    String module = t.getClass().getPackageName();
    String message = t.getMessage() == null ? "" : t.getMessage();
    return new TaskFailure(type, message, module, traceback(t), retryable);
  }

  /** The stack trace as text, headed like a traceback so a Python reader recognises it. */
  public static String traceback(Throwable t) {
    StringWriter w = new StringWriter();
    w.write("Traceback (most recent call last, Java):\n");
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  /** As stored in a result record. */
  public ExceptionInfo toExceptionInfo() {
    return new ExceptionInfo(
        excType, JsonNodeFactory.instance.arrayNode().add(excMessage), excModule);
  }

  /** As an event shows it: Python's repr of the exception, e.g. {@code ValueError('boom')}. */
  public String repr() {
    return excType + "(" + PythonRepr.repr(JsonNodeFactory.instance.textNode(excMessage)) + ")";
  }
}
