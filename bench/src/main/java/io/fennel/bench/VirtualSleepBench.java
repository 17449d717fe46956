package io.fennel.bench;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * 10,000 tasks that each sleep one second, on one Fennel worker with {@code -P virtual -c 10000}
 * through RabbitMQ and through Redis, beside the same 10,000 one-second sleeps on bare virtual
 * threads and beside a bare client of each broker starting a virtual sleep per message (what the
 * broker's delivery alone costs); each measured after one unmeasured round.
 */
final class VirtualSleepBench {
  private VirtualSleepBench() {}

  static void run(int n) throws Exception {
    // One round of each first, as a worker that has run for a while is warm: the measured rounds
    // then time the worker, not the JIT compiling it on one of the two cores.
    bare(n);
    fennel(n, AmqpThroughputBench.URL);
    double reference = bare(n);
    double fennel = fennel(n, AmqpThroughputBench.URL);
    double client = bareClient(n);
    Benchmarks.report(
        n + " x sleep(1 s), -P virtual -c " + n, fennel, "s", reference, "bare virtual threads");
    Benchmarks.report(
        "same", fennel, "s", client, "bare amqp-client consumer, a virtual sleep per delivery");
    fennel(n, RedisThroughputBench.URL);
    double onRedis = fennel(n, RedisThroughputBench.URL);
    double redisClient = bareRedisClient(n);
    Benchmarks.report("same on Redis", onRedis, "s", bare(n), "bare virtual threads");
    Benchmarks.report(
        "same on Redis", onRedis, "s", redisClient, "bare Jedis BRPOP, a virtual sleep per pop");
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "heap in use after the sleep run: %.0f MiB%n",
        (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
  }

  private static double bare(int n) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    long t0 = System.nanoTime();
    try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        ex.submit(() -> {
          Thread.sleep(1000);
          done.countDown();
          return null;
        });
      }
      done.await();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A bare client draining the same messages: what the broker alone costs. */
  private interface BareDrain {
    double seconds(String queue) throws Exception;
  }

  private static double bareClient(int n) throws Exception {
    return drained(n, AmqpThroughputBench.URL, q -> RawConsumers.amqpSleeps(q, n, 1000));
  }

  /** The same messages popped from Redis by two bare BRPOP loops. */
  private static double bareRedisClient(int n) throws Exception {
    return drained(
        n,
        RedisThroughputBench.URL,
        q -> RawConsumers.redisSleeps(RedisThroughputBench.URL, q, n, 1000));
  }

  private static double drained(int n, String url, BareDrain drain) throws Exception {
    String queue = "bench.sleep.raw." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
      for (int i = 0; i < n; i++) {
        app.task("bench.sleep").applyAsync(List.of(1.0), Map.of(), o);
      }
      double seconds = drain.seconds(queue);
      app.unsafe().broker().purge(queue);
      return seconds;
    }
  }

  private static double fennel(int n, String url) throws Exception {
    String queue = "bench.sleep." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      app.register(
          "bench.sleep",
          c -> {
            Thread.sleep((long) (c.arg(0, double.class) * 1000));
            return null;
          });
      SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
      for (int i = 0; i < n; i++) {
        app.task("bench.sleep").applyAsync(List.of(1.0), Map.of(), o);
      }
      Worker w =
          app.worker(
              new WorkerOptions(
                  "bench-sleep@localhost", List.of(queue), PoolType.VIRTUAL, n, 1, false));
      long t0 = System.nanoTime();
      w.start();
      while (w.control().processed() < n) {
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      w.shutdown();
      w.awaitStopped(Duration.ofSeconds(30));
      app.unsafe().broker().purge(queue);
      return seconds;
    }
  }
}
