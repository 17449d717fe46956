package io.fennel.agent.mailbox;

import io.fennel.core.error.FennelException;

/** A control request whose arguments are missing or of the wrong kind; names the bad value. */
final class BadArgument extends FennelException {
  private static final long serialVersionUID = 1L;

  BadArgument(String message) {
    super(message);
  }
}
