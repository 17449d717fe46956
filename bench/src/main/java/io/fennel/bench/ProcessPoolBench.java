package io.fennel.bench;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.ChildCommand;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.ProcessChild;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * No-op tasks per second through RabbitMQ on {@code -P process -c 2} (two child JVMs, each task a
 * round trip over the child's pipes) beside {@code -P threads -c 2}, in the same run.
 */
final class ProcessPoolBench {
  private ProcessPoolBench() {}

  static void run(int n) throws Exception {
    double threads = rate(n, PoolType.THREADS);
    double process = rate(n, PoolType.PROCESS);
    Benchmarks.report(
        "run no-op tasks, -P process -c 2", process, "tasks/s", threads, "-P threads -c 2");
  }

  private static double rate(int n, PoolType pool) throws Exception {
    String queue = "bench.pool." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(AmqpThroughputBench.URL).build()) {
      Child.define(app);
      SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
      app.task("bench.noop").applyAsync(List.of(), Map.of(), o);
      app.unsafe().broker().purge(queue);
      for (int i = 0; i < n; i++) {
        app.task("bench.noop").applyAsync(List.of(), Map.of(), o);
      }
      WorkerOptions options =
          new WorkerOptions("bench-pool@localhost", List.of(queue), pool, 2, 4, false)
              .withPool(
                  pool,
                  pool == PoolType.PROCESS
                      ? ChildCommand.java(Child.class.getName(), List.of(), Map.of())
                      : null);
      Worker w = app.worker(options);
      w.start();
      // the children start warm: wait for the first task before timing
      app.task("bench.noop").applyAsync(List.of(), Map.of(), o);
      while (w.control().processed() < 1) {
        Thread.sleep(1);
      }
      long start = w.control().processed();
      long t0 = System.nanoTime();
      while (w.control().processed() < n + 1) {
        Thread.sleep(1);
      }
      double rate = (n + 1 - start) / ((System.nanoTime() - t0) / 1e9);
      w.shutdown();
      w.awaitStopped(Duration.ofSeconds(30));
      app.unsafe().broker().purge(queue);
      return rate;
    }
  }

  /** The child JVM of the process pool: the same no-op task. */
  static final class Child {
    private Child() {}

    static void define(Fennel app) {
      app.register("bench.noop", c -> null);
    }

    public static void main(String[] args) throws Exception {
      ProcessChild.protectStdout();
      try (Fennel app = Fennel.builder().brokerUrl("memory://").build()) {
        define(app);
        ProcessChild.serveStdio(app.unsafe().registry());
      }
      System.exit(0);
    }
  }
}
