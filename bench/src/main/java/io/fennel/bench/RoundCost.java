package io.fennel.bench;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * What one profiled round cost per item: CPU of this JVM and of the local broker's process ({@code
 * /proc} ticks) and bytes allocated by this JVM, from {@link #start} to {@link #per}.
 */
final class RoundCost {
  private final String url;
  private final long self0;
  private final long broker0;
  private final long alloc0;

  private RoundCost(String url) throws Exception {
    this.url = url;
    this.self0 = ConsoleRssBench.cpuTicks(ProcessHandle.current().pid());
    this.broker0 = brokerTicks(url);
    this.alloc0 = allocated();
  }

  /** Starts counting, for a round on the broker at {@code url}. */
  static RoundCost start(String url) throws Exception {
    return new RoundCost(url);
  }

  /** "CPU per task: this JVM 31.0 us, the broker 42.0 us; allocated per task 12.4 KiB". */
  String per(int n, String item) throws Exception {
    double kib = (allocated() - alloc0) / 1024.0 / n;
    double self = (ConsoleRssBench.cpuTicks(ProcessHandle.current().pid()) - self0) * 1e4 / n;
    double broker = (brokerTicks(url) - broker0) * 1e4 / n;
    return String.format(
        "CPU per %s: this JVM %.1f us, the broker %.1f us; allocated per %s %.1f KiB",
        item, self, broker, item, kib);
  }

  /** Bytes allocated by every thread of this JVM so far. */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }

  /** CPU ticks (1/100 s) of the local RabbitMQ or Redis server so far; 0 if it is not found. */
  private static long brokerTicks(String url) throws Exception {
    String name = url.startsWith("amqp") ? "beam.smp" : "redis-server";
    Optional<ProcessHandle> server =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
            .findFirst();
    return server.isEmpty() ? 0 : ConsoleRssBench.cpuTicks(server.get().pid());
  }
}
