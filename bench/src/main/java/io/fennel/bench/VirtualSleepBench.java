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
 * 10,000 tasks that each sleep one second, then five, on one Fennel worker with {@code -P virtual
 * -c 10000} through RabbitMQ and through Redis, beside the same 10,000 sleeps on bare virtual
 * threads and beside a bare client of each broker starting a virtual sleep per message (what the
 * broker's delivery alone costs); each measured after one unmeasured round. Delivering 10,000
 * messages takes a few tenths of a second whoever takes them, which the one-second row counts
 * against the worker; at five seconds every task is asleep at once for most of the run.
 */
final class VirtualSleepBench {
  private VirtualSleepBench() {}

  static void run(int n) throws Exception {
    // One round of each first, as a worker that has run for a while is warm: the measured rounds
    // then time the worker, not the JIT compiling it on one of the two cores.
    bare(n, 1000);
    fennel(n, AmqpThroughputBench.URL, 1000);
    for (long millis : new long[] {1000, 5000}) {
      String seconds = millis / 1000 + " s";
      double reference = bare(n, millis);
      double fennel = fennel(n, AmqpThroughputBench.URL, millis);
      double client = bareClient(n, millis);
      // each row's label names its sleep: --repeat takes the median of the rows of one label
      Benchmarks.report(
          n + " x sleep(" + seconds + "), -P virtual -c " + n,
          fennel,
          "s",
          reference,
          "bare virtual threads");
      Benchmarks.report(
          "same, " + seconds,
          fennel,
          "s",
          client,
          "bare amqp-client consumer, a virtual sleep per delivery");
      if (millis == 1000) {
        fennel(n, RedisThroughputBench.URL, millis); // the Redis worker's warm-up round
      }
      double onRedis = fennel(n, RedisThroughputBench.URL, millis);
      double redisClient = bareRedisClient(n, millis);
      Benchmarks.report(
          "same on Redis, " + seconds, onRedis, "s", bare(n, millis), "bare virtual threads");
      Benchmarks.report(
          "same on Redis, " + seconds,
          onRedis,
          "s",
          redisClient,
          "bare Jedis BRPOP, a virtual sleep per pop");
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "heap in use after the sleep run: %.0f MiB%n",
        (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
  }

  private static double bare(int n, long millis) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    long t0 = System.nanoTime();
    try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        ex.submit(() -> {
          Thread.sleep(millis);
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

  private static double bareClient(int n, long millis) throws Exception {
    return drained(n, AmqpThroughputBench.URL, millis, q -> RawConsumers.amqpSleeps(q, n, millis));
  }

  /** The same messages popped from Redis by two bare BRPOP loops. */
  private static double bareRedisClient(int n, long millis) throws Exception {
    return drained(
        n,
        RedisThroughputBench.URL,
        millis,
        q -> RawConsumers.redisSleeps(RedisThroughputBench.URL, q, n, millis));
  }

  private static double drained(int n, String url, long millis, BareDrain drain) throws Exception {
    String queue = "bench.sleep.raw." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
      for (int i = 0; i < n; i++) {
        app.task("bench.sleep").applyAsync(List.of(millis / 1000.0), Map.of(), o);
      }
      double seconds = drain.seconds(queue);
      app.unsafe().broker().purge(queue);
      return seconds;
    }
  }

  private static double fennel(int n, String url, long millis) throws Exception {
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
        app.task("bench.sleep").applyAsync(List.of(millis / 1000.0), Map.of(), o);
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
