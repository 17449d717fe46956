package io.fennel.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs Fennel's benchmarks and prints each figure beside a reference measured in the same run.
 * Usage: {@code bench/run [--repeat N]
 * [core|worker|producer|roundtrip|rss|flood|redis|monitor|scale|sleep|chord|process|all]}; with
 * {@code --repeat N} the chosen targets run N times over and a summary of medians follows.
 */
public final class Benchmarks {
  static final List<String> TARGETS =
      List.of(
          "all",
          "core",
          "worker",
          "producer",
          "roundtrip",
          "rss",
          "flood",
          "redis",
          "monitor",
          "scale",
          "sleep",
          "chord",
          "process",
          "celery",
          "profile",
          "profile-redis",
          "profile-producer");
  private static final int MAX_REPEAT = 50;
  private static final Rounds ROUNDS = new Rounds();

  private Benchmarks() {}

  /** What the command line asks for: the targets and how many rounds of them. */
  record Plan(List<String> targets, int repeat) {}

  /**
   * Reads {@code [--repeat N | --repeat=N] target...}; no target means {@code all}.
   *
   * @throws IllegalArgumentException naming the value and what would be accepted
   */
  static Plan parse(String[] args) {
    List<String> targets = new ArrayList<>();
    int repeat = 1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      if (a.equals("--repeat")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(
              "--repeat needs a number of rounds after it, e.g. --repeat 3");
        }
        value = args[++i];
      } else if (a.startsWith("--repeat=")) {
        value = a.substring("--repeat=".length());
      } else if (a.startsWith("-")) {
        throw new IllegalArgumentException(
            "unknown option '" + a + "': the only option is --repeat N");
      } else if (!TARGETS.contains(a)) {
        throw new IllegalArgumentException(
            "unknown benchmark '" + a + "': choose from " + String.join(", ", TARGETS));
      } else {
        targets.add(a);
      }
      if (value != null) {
        try {
          repeat = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
          repeat = 0;
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
          throw new IllegalArgumentException(
              "--repeat '" + value + "' is not a number of rounds: give 1 to " + MAX_REPEAT);
        }
      }
    }
    return new Plan(targets.isEmpty() ? List.of("all") : List.copyOf(targets), repeat);
  }

  public static void main(String[] args) throws Exception {
    Plan plan;
    try {
      plan = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench/run: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(
        "# Fennel benchmarks on "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Java "
            + Runtime.version());
    for (int round = 1; round <= plan.repeat(); round++) {
      if (plan.repeat() > 1) {
        System.out.printf("# round %d of %d%n", round, plan.repeat());
      }
      runOnce(plan.targets());
    }
    if (plan.repeat() > 1) {
      ROUNDS.printSummary(plan.repeat());
    }
  }

  private static void runOnce(List<String> which) throws Exception {
    boolean all = which.contains("all");
    if (all || which.contains("core")) {
      AmqpThroughputBench.run(20_000);
    }
    if (all || which.contains("worker")) {
      WorkerBench.run(20_000, 8_000);
    }
    if (all || which.contains("producer")) {
      ProducerBench.run(20_000);
    }
    if (all || which.contains("roundtrip")) {
      RoundTripBench.run(2_000);
    }
    if (all || which.contains("rss")) {
      ConsoleRssBench.run(100_000);
    }
    if (which.contains("profile-producer")) {
      ProducerBench.profile(200_000);
    } else if (which.contains("profile-redis")) {
      WorkerBench.profile(RedisThroughputBench.URL, 40_000);
    } else if (which.contains("profile")) {
      WorkerBench.profile(AmqpThroughputBench.URL, 40_000);
    }
    if (which.contains("celery")) {
      System.out.println("celery amqp " + CeleryDrain.rate(AmqpThroughputBench.URL, 2_000));
      System.out.println("celery redis " + CeleryDrain.rate(RedisThroughputBench.URL, 2_000));
    }
    if (all || which.contains("redis")) {
      RedisThroughputBench.run(20_000);
    }
    if (all || which.contains("monitor")) {
      MonitorIngestBench.run(1_000_000, 100_000);
    }
    if (all || which.contains("flood")) {
      ConsoleFloodBench.run(1_000_000, 100_000, 1_000);
    }
    if (all || which.contains("scale")) {
      ConsoleScaleBench.run(1_000_000, 1_000);
    }
    if (all || which.contains("sleep")) {
      VirtualSleepBench.run(10_000);
    }
    if (all || which.contains("chord")) {
      ChordBench.run(1_000);
    }
    if (all || which.contains("process")) {
      ProcessPoolBench.run(10_000);
    }
  }

  /** Prints one result line in a fixed format. */
  static void report(String name, double value, String unit, double reference, String refName) {
    ROUNDS.record(name, value, unit, reference, refName);
    String digits = Math.abs(value) < 10 && Math.abs(reference) < 10 ? "3" : "1";
    System.out.printf(
        "%-46s %12." + digits + "f %-8s | reference %-34s %12." + digits + "f %-8s | ratio %.2f%n",
        name,
        value,
        unit,
        refName,
        reference,
        unit,
        value / reference);
  }
}
