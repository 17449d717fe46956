package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The signals a revoke with {@code terminate} may ask for: every standard POSIX signal, with its
 * Linux number, as Celery's worker takes any of them. Names and numbers are read as Celery's
 * clients and Flower send them, and more loosely: {@code SIGTERM}, {@code TERM}, {@code sigkill},
 * {@code 9}, {@code "15"}, and the aliases {@code SIGIOT}, {@code SIGCLD}, {@code SIGPOLL}. What
 * each does on a Fennel worker is in docs/CONTROL.md: a thread pool interrupts the task's thread
 * for any of them; a process pool kills its child for {@link #SIGKILL}.
 */
public enum Signal {
  SIGHUP(1),
  SIGINT(2),
  SIGQUIT(3),
  SIGILL(4),
  SIGTRAP(5),
  SIGABRT(6),
  SIGBUS(7),
  SIGFPE(8),
  SIGKILL(9),
  SIGUSR1(10),
  SIGSEGV(11),
  SIGUSR2(12),
  SIGPIPE(13),
  SIGALRM(14),
  SIGTERM(15),
  SIGSTKFLT(16),
  SIGCHLD(17),
  SIGCONT(18),
  SIGSTOP(19),
  SIGTSTP(20),
  SIGTTIN(21),
  SIGTTOU(22),
  SIGURG(23),
  SIGXCPU(24),
  SIGXFSZ(25),
  SIGVTALRM(26),
  SIGPROF(27),
  SIGWINCH(28),
  SIGIO(29),
  SIGPWR(30),
  SIGSYS(31);

  /** What {@link #parse} accepts, for error messages. */
  public static final String ACCEPTED =
      "a signal name or number (SIGTERM, TERM, 15, SIGKILL, 9, SIGINT, SIGHUP, SIGQUIT, SIGUSR1,"
          + " ... 1 to 31, in any case)";

  private static final Map<String, Signal> ALIASES =
      Map.of("SIGIOT", SIGABRT, "SIGCLD", SIGCHLD, "SIGPOLL", SIGIO);

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
   * {@code " 9 "}; empty when it is no standard signal.
   */
  public static Optional<Signal> find(String given) {
    if (given == null) {
      return Optional.empty();
    }
    String s = given.trim().toUpperCase(Locale.ROOT);
    if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return s.length() > 2 ? Optional.empty() : of(Integer.parseInt(s));
    }
    String name = s.startsWith("SIG") ? s : "SIG" + s;
    for (Signal signal : values()) {
      if (signal.name().equals(name)) {
        return Optional.of(signal);
      }
    }
    return Optional.ofNullable(ALIASES.get(name));
  }

  /** The signal with this POSIX number; empty when it is no standard signal. */
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

  /** Reads a JSON name or number; empty when it is neither or names no standard signal. */
  static Optional<Signal> fromJson(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return of(value.intValue());
    }
    return value.isTextual() ? find(value.textValue()) : Optional.empty();
  }
}
