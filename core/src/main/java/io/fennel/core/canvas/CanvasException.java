package io.fennel.core.canvas;

import io.fennel.core.error.FennelException;

/** A workflow that cannot be sent as given; the message names what and how to fix it. */
public final class CanvasException extends FennelException {
  private static final long serialVersionUID = 1L;

  public CanvasException(String message) {
    super(message);
  }
}
