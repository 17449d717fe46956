package io.fennel.core.result;

import io.fennel.core.error.FennelException;

/** A result was asked for but the app has no result backend. */
public final class NoResultBackendException extends FennelException {
  private static final long serialVersionUID = 1L;

  public NoResultBackendException(String taskId) {
    super(
        "no result backend is configured, so the result of task "
            + taskId
            + " cannot be read; set result_backend (e.g. redis://localhost:6379/1 or rpc://),"
            + " FENNEL_RESULT_BACKEND, or pass --result-backend");
  }
}
