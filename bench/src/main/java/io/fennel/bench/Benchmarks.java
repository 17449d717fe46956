package io.fennel.bench;

import java.util.List;

/**
 * Runs Fennel's benchmarks and prints each figure beside a reference measured in the same run.
 * Usage: {@code bench/run
 * [core|worker|producer|roundtrip|rss|flood|redis|monitor|scale|sleep|chord|process|all]}.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    List<String> which = List.of(args.length == 0 ? new String[] {"all"} : args);
    boolean all = which.contains("all");
    System.out.println(
        "# Fennel benchmarks on "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Java "
            + Runtime.version());
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
