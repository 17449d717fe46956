package io.fennel.cli;

import io.fennel.core.error.FennelException;
import io.fennel.protocol.control.AddConsumer;
import io.fennel.protocol.control.Autoscale;
import io.fennel.protocol.control.CancelConsumer;
import io.fennel.protocol.control.Command;
import io.fennel.protocol.control.DisableEvents;
import io.fennel.protocol.control.EnableEvents;
import io.fennel.protocol.control.Heartbeat;
import io.fennel.protocol.control.PoolGrow;
import io.fennel.protocol.control.PoolShrink;
import io.fennel.protocol.control.RateLimit;
import io.fennel.protocol.control.Revoke;
import io.fennel.protocol.control.Shutdown;
import io.fennel.protocol.control.Signal;
import io.fennel.protocol.control.Terminate;
import io.fennel.protocol.control.TimeLimit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The remote commands {@code fennel control} sends, by Celery's names: the arguments each takes on
 * the command line, checked before anything is sent, and the {@link Command} it sends (written with
 * Celery's argument names and types, so Celery workers understand it too).
 */
enum ControlAction {
  REVOKE("ID... [--terminate [--signal SIGTERM|SIGKILL]]"),
  TERMINATE("SIGNAL ID..."),
  RATE_LIMIT("TASK RATE"),
  TIME_LIMIT("TASK SOFT [HARD]"),
  POOL_GROW("[N]"),
  POOL_SHRINK("[N]"),
  AUTOSCALE("MAX MIN"),
  ADD_CONSUMER("QUEUE [EXCHANGE [TYPE [ROUTING_KEY]]]"),
  CANCEL_CONSUMER("QUEUE"),
  ENABLE_EVENTS(""),
  DISABLE_EVENTS(""),
  HEARTBEAT(""),
  SHUTDOWN("");

  private static final Set<String> EXCHANGE_TYPES = Set.of("direct", "topic", "fanout", "headers");

  private final String signature;

  ControlAction(String signature) {
    this.signature = signature;
  }

  /** The name on the wire and the command line, e.g. {@code rate_limit}. */
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** e.g. {@code rate_limit TASK RATE}. */
  String usage() {
    return signature.isEmpty() ? wireName() : wireName() + " " + signature;
  }

  static Optional<ControlAction> parse(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
  }

  /** The command names, comma-separated, for messages. */
  static String names() {
    return Arrays.stream(values()).map(ControlAction::wireName).collect(Collectors.joining(", "));
  }

  /**
   * The command sent for what was given on the command line.
   *
   * @param terminate {@code --terminate} (revoke only)
   * @param signal {@code --signal} (revoke with --terminate only), or null
   * @throws IllegalArgumentException naming the bad value and the command's usage
   */
  Command command(List<String> args, boolean terminate, String signal) {
    if (this != REVOKE && (terminate || signal != null)) {
      throw bad("--terminate and --signal apply to revoke only");
    }
    return switch (this) {
      case REVOKE -> {
        atLeast(args, 1, "at least one task id");
        if (signal != null && !terminate) {
          throw bad("--signal needs --terminate");
        }
        yield new Revoke(
            List.copyOf(args), terminate, signal == null ? Signal.SIGTERM : signal(signal));
      }
      case TERMINATE -> {
        atLeast(args, 2, "a signal and at least one task id");
        yield new Terminate(signal(args.get(0)), List.copyOf(args.subList(1, args.size())));
      }
      case RATE_LIMIT -> {
        exactly(args, 2, 2);
        yield new RateLimit(taskName(args.get(0)), rate(args.get(1)));
      }
      case TIME_LIMIT -> {
        exactly(args, 2, 3);
        yield new TimeLimit(
            taskName(args.get(0)),
            seconds("SOFT", args.get(1)),
            args.size() == 3 ? seconds("HARD", args.get(2)) : null);
      }
      case POOL_GROW -> {
        exactly(args, 0, 1);
        yield new PoolGrow(args.isEmpty() ? 1 : integer("N", args.get(0), 1));
      }
      case POOL_SHRINK -> {
        exactly(args, 0, 1);
        yield new PoolShrink(args.isEmpty() ? 1 : integer("N", args.get(0), 1));
      }
      case AUTOSCALE -> {
        exactly(args, 2, 2);
        int max = integer("MAX", args.get(0), 1);
        int min = integer("MIN", args.get(1), 0);
        if (min > max) {
          throw bad("MIN must be <= MAX, was MIN " + min + " and MAX " + max);
        }
        yield new Autoscale(max, min);
      }
      case ADD_CONSUMER -> {
        exactly(args, 1, 4);
        yield new AddConsumer(
            name("QUEUE", args.get(0)),
            args.size() > 1 ? name("EXCHANGE", args.get(1)) : null,
            args.size() > 2 ? exchangeType(args.get(2)) : null,
            args.size() > 3 ? args.get(3) : null,
            Map.of());
      }
      case CANCEL_CONSUMER -> {
        exactly(args, 1, 1);
        yield new CancelConsumer(name("QUEUE", args.get(0)));
      }
      case ENABLE_EVENTS -> {
        exactly(args, 0, 0);
        yield new EnableEvents();
      }
      case DISABLE_EVENTS -> {
        exactly(args, 0, 0);
        yield new DisableEvents();
      }
      case HEARTBEAT -> {
        exactly(args, 0, 0);
        yield new Heartbeat();
      }
      case SHUTDOWN -> {
        exactly(args, 0, 0);
        yield new Shutdown();
      }
    };
  }

  private IllegalArgumentException bad(String what) {
    return new IllegalArgumentException(
        "control " + wireName() + ": " + what + "; usage: " + usage());
  }

  private void atLeast(List<String> args, int n, String what) {
    if (args.size() < n) {
      throw bad("needs " + what);
    }
  }

  private void exactly(List<String> args, int min, int max) {
    if (args.size() < min) {
      throw bad("missing " + signature.split(" ")[args.size()]);
    }
    if (args.size() > max) {
      throw bad(
          max == 0
              ? "takes no arguments, got '" + String.join(" ", args) + "'"
              : "too many arguments, got '" + String.join(" ", args) + "'");
    }
  }

  private Signal signal(String given) {
    return Signal.find(given)
        .orElseThrow(() -> bad("SIGNAL must be " + Signal.ACCEPTED + ", was '" + given + "'"));
  }

  private String taskName(String given) {
    if (given.isBlank()) {
      throw bad("TASK must be a task name such as demo.add, was '" + given + "'");
    }
    return given.trim();
  }

  private String rate(String given) {
    try {
      io.fennel.core.ratelimit.RateLimit.parse("RATE", given);
    } catch (FennelException e) {
      throw bad("RATE must look like 10/s, 100/m or 1000/h (0 for no limit), was '" + given + "'");
    }
    return given.trim();
  }

  private double seconds(String what, String given) {
    try {
      double s = Double.parseDouble(given);
      if (s > 0 && !Double.isInfinite(s)) {
        return s;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw bad(what + " must be a positive number of seconds, was '" + given + "'");
  }

  private int integer(String what, String given, int min) {
    try {
      int n = Integer.parseInt(given.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw bad(what + " must be a whole number >= " + min + ", was '" + given + "'");
  }

  private String name(String what, String given) {
    if (given.isBlank()) {
      throw bad(what + " must not be blank");
    }
    return given.trim();
  }

  private String exchangeType(String given) {
    String t = given.trim().toLowerCase(Locale.ROOT);
    if (!EXCHANGE_TYPES.contains(t)) {
      throw bad("TYPE must be direct, topic, fanout or headers, was '" + given + "'");
    }
    return t;
  }
}
