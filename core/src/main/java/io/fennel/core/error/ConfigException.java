package io.fennel.core.error;

/**
 * A setting has a value Fennel cannot use; the message names the setting, the value and the fix.
 */
public final class ConfigException extends FennelException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
