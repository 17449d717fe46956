package io.fennel.protocol.control;

/**
 * A command's argument that is missing or cannot be read: it names the command, the argument, the
 * value given and the forms accepted, e.g. {@code revoke: argument 'terminate' must be true or
 * false (or 1/0, "yes"/"no"), was "maybe"}. A worker answers it with {@code {"error": message}};
 * the CLI prints it. (A request whose framing is wrong is a {@link
 * io.fennel.protocol.ProtocolException} instead: no command is read from it at all.)
 */
public final class CommandArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String argument;

  public CommandArgumentException(String method, String argument, String message) {
    super(method + ": " + message);
    this.method = method;
    this.argument = argument;
  }

  /** The command, e.g. {@code revoke}. */
  public String method() {
    return method;
  }

  /** The argument that was wrong, e.g. {@code terminate}. */
  public String argument() {
    return argument;
  }
}
