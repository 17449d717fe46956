package io.fennel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.error.FennelException;
import io.fennel.core.ratelimit.RateLimit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The remote commands {@code fennel control} sends, by Celery's names: the arguments each takes on
 * the command line, checked before anything is sent, and the arguments it sends (Celery's CLI's
 * names and types, so Celery workers understand them too).
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

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final Map<String, String> SIGNALS =
      Map.of(
          "SIGTERM", "SIGTERM", "TERM", "SIGTERM", "15", "SIGTERM", "SIGKILL", "SIGKILL", "KILL",
          "SIGKILL", "9", "SIGKILL");

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

  /**
   * Whether the command is only published: workers do not answer {@code shutdown}, and Fennel's do
   * not answer {@code heartbeat} (they send one instead).
   */
  boolean cast() {
    return this == SHUTDOWN || this == HEARTBEAT;
  }

  static Optional<ControlAction> parse(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
  }

  /** The command names, comma-separated, for messages. */
  static String names() {
    return Arrays.stream(values()).map(ControlAction::wireName).collect(Collectors.joining(", "));
  }

  /**
   * The arguments sent for what was given on the command line.
   *
   * @param terminate {@code --terminate} (revoke only)
   * @param signal {@code --signal} (revoke with --terminate only), or null
   * @throws IllegalArgumentException naming the bad value and the command's usage
   */
  ObjectNode arguments(List<String> args, boolean terminate, String signal) {
    if (this != REVOKE && (terminate || signal != null)) {
      throw bad("--terminate and --signal apply to revoke only");
    }
    ObjectNode a = JSON.objectNode();
    switch (this) {
      case REVOKE -> {
        atLeast(args, 1, "at least one task id");
        if (signal != null && !terminate) {
          throw bad("--signal needs --terminate");
        }
        ids(a, args);
        a.put("terminate", terminate);
        a.put("signal", signal == null ? "SIGTERM" : signal(signal));
      }
      case TERMINATE -> {
        atLeast(args, 2, "a signal and at least one task id");
        a.put("signal", signal(args.get(0)));
        ids(a, args.subList(1, args.size()));
      }
      case RATE_LIMIT -> {
        exactly(args, 2, 2);
        a.put("task_name", taskName(args.get(0)));
        a.put("rate_limit", rate(args.get(1)));
      }
      case TIME_LIMIT -> {
        exactly(args, 2, 3);
        a.put("task_name", taskName(args.get(0)));
        a.put("soft", seconds("SOFT", args.get(1)));
        if (args.size() == 3) {
          a.put("hard", seconds("HARD", args.get(2)));
        } else {
          a.putNull("hard");
        }
      }
      case POOL_GROW, POOL_SHRINK -> {
        exactly(args, 0, 1);
        a.put("n", args.isEmpty() ? 1 : integer("N", args.get(0), 1));
      }
      case AUTOSCALE -> {
        exactly(args, 2, 2);
        int max = integer("MAX", args.get(0), 1);
        int min = integer("MIN", args.get(1), 0);
        if (min > max) {
          throw bad("MIN must be <= MAX, was MIN " + min + " and MAX " + max);
        }
        a.put("max", max);
        a.put("min", min);
      }
      case ADD_CONSUMER -> {
        exactly(args, 1, 4);
        a.put("queue", name("QUEUE", args.get(0)));
        a.put("exchange", args.size() > 1 ? name("EXCHANGE", args.get(1)) : null);
        a.put("exchange_type", args.size() > 2 ? exchangeType(args.get(2)) : null);
        a.put("routing_key", args.size() > 3 ? args.get(3) : null);
      }
      case CANCEL_CONSUMER -> {
        exactly(args, 1, 1);
        a.put("queue", name("QUEUE", args.get(0)));
      }
      default -> exactly(args, 0, 0);
    }
    return a;
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

  private static void ids(ObjectNode a, List<String> ids) {
    ArrayNode array = a.putArray("task_id");
    ids.forEach(array::add);
  }

  private String signal(String given) {
    String s = SIGNALS.get(given.trim().toUpperCase(Locale.ROOT));
    if (s == null) {
      throw bad("SIGNAL must be SIGTERM or SIGKILL (or TERM, KILL, 15, 9), was '" + given + "'");
    }
    return s;
  }

  private String taskName(String given) {
    if (given.isBlank()) {
      throw bad("TASK must be a task name such as demo.add, was '" + given + "'");
    }
    return given.trim();
  }

  private String rate(String given) {
    try {
      RateLimit.parse("RATE", given);
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
