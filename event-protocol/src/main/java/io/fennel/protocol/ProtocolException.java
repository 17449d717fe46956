package io.fennel.protocol;

/**
 * The one exception every decoder in this module throws for input it cannot accept: it names the
 * field and the offending value, so an operator can find the bad message.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public ProtocolException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public ProtocolException(String field, String message, Throwable cause) {
    super(field + ": " + message, cause);
    this.field = field;
  }

  /** The field (header, property, body position or JSON key) that was wrong. */
  public String field() {
    return field;
  }
}
