package io.fennel.core.worker;

import io.fennel.core.error.FennelException;

/**
 * A task was still running at its soft time limit and ended by throwing; reported under Celery's
 * exception name, with what the task threw as the cause.
 */
public final class SoftTimeLimitExceeded extends FennelException {
  private static final long serialVersionUID = 1L;

  public SoftTimeLimitExceeded(double seconds, Throwable cause) {
    super("soft time limit (" + seconds + " s) exceeded", cause);
  }
}
