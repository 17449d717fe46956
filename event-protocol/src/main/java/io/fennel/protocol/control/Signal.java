package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * The signals a revoke with {@code terminate} may ask for, with their POSIX numbers. Fennel's
 * workers know these two: {@link #SIGTERM} interrupts the task's thread, {@link #SIGKILL} does so
 * and reports 9. Names and numbers are read as Celery's clients and Flower send them, and more
 * loosely: {@code SIGTERM}, {@code TERM}, {@code sigkill}, {@code 9}, {@code "15"}.
 */
public enum Signal {
  SIGTERM(15),
  SIGKILL(9);

  /** What {@link #parse} accepts, for error messages. */
  public static final String ACCEPTED = "SIGTERM or SIGKILL (or TERM, KILL, 15, 9, in any case)";

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /** The POSIX number, as {@code task-revoked}'s {@code signum} carries it. */
  public int number() {
    return number;
  }

  /** The name on the wire, e.g. {@code SIGTERM}. */
  public String wireName() {
    return name();
  }

  /**
   * The signal a name or number means: {@code SIGKILL}, {@code KILL}, {@code kill}, {@code 9},
   * {@code " 9 "}; empty when it is none of Fennel's.
   */
  public static Optional<Signal> find(String given) {
    if (given == null) {
      return Optional.empty();
    }
    String s = given.trim().toUpperCase(Locale.ROOT);
    String name = s.startsWith("SIG") ? s : "SIG" + s;
    for (Signal signal : values()) {
      if (signal.name().equals(name) || String.valueOf(signal.number).equals(s)) {
        return Optional.of(signal);
      }
    }
    return Optional.empty();
  }

  /** The signal with this POSIX number; empty when it is none of Fennel's. */
  public static Optional<Signal> of(int number) {
    for (Signal signal : values()) {
      if (signal.number == number) {
        return Optional.of(signal);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a name or number as text.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static Signal parse(String given) {
    return find(given)
        .orElseThrow(() ->
            new IllegalArgumentException("signal must be " + ACCEPTED + ", was '" + given + "'"));
  }

  /** Reads a JSON name or number; empty when it is neither or names no signal of Fennel's. */
  static Optional<Signal> fromJson(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return of(value.intValue());
    }
    return value.isTextual() ? find(value.textValue()) : Optional.empty();
  }
}
