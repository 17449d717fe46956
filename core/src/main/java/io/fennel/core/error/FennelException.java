package io.fennel.core.error;

/**
 * The root of every exception Fennel throws at its users; subclasses carry the context (a URL, a
 * task id, a setting) and each message says what was wrong and what to do about it.
 */
public class FennelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FennelException(String message) {
    super(message);
  }

  public FennelException(String message, Throwable cause) {
    super(message, cause);
  }
}
