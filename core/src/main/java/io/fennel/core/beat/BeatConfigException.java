package io.fennel.core.beat;

import io.fennel.core.error.FennelException;

/**
 * A beat entry or schedule Fennel cannot use: the message names the entry, the value and the rule
 * it breaks, so {@code fennel beat} can stop at start with it.
 */
public final class BeatConfigException extends FennelException {
  private static final long serialVersionUID = 1L;

  public BeatConfigException(String message) {
    super(message);
  }
}
