package io.fennel.core.worker;

import io.fennel.core.error.FennelException;

/** A task ran past its hard time limit; reported under Celery's exception name. */
public final class TimeLimitExceeded extends FennelException {
  private static final long serialVersionUID = 1L;

  public TimeLimitExceeded(double seconds) {
    super("hard time limit (" + seconds + " s) exceeded");
  }
}
