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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.RedisClient;

/**
 * No-op tasks per second through Redis as the broker (kombu's layout, db 10): Fennel's producer
 * (one LPUSH per task after routing through {@code _kombu.binding.<queue>}) and a Fennel worker
 * with {@code -c 2} (prefetch 8: BRPOP, the {@code unacked} record and the ack per task), beside
 * raw Jedis LPUSH of the very envelope Fennel pushed, one at a time, and two raw BRPOP consumers,
 * in the same run.
 */
final class RedisThroughputBench {
  private RedisThroughputBench() {}

  static final String URL = "redis://127.0.0.1:6379/10";

  static void run(int n) throws Exception {
    String queue = "bench.redis.fennel." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(URL).build()) {
      app.register("bench.noop", c -> null);
      SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
      app.task("bench.noop").applyAsync(List.of(), Map.of(), o);
      String envelope;
      try (RedisClient redis = RedisClient.create(URL)) {
        envelope = redis.lindex(queue, 0);
      }
      app.unsafe().broker().purge(queue);
      double[] raw = raw(n, envelope);
      double[] fennel = fennel(app, queue, o, n);
      System.out.printf("# Redis: envelope %d bytes, %d tasks%n", envelope.length(), n);
      Benchmarks.report(
          "publish no-op tasks over Redis (Fennel)",
          fennel[0],
          "msg/s",
          raw[0],
          "raw Jedis LPUSH, same envelope");
      Benchmarks.report(
          "run no-op tasks over Redis, -c 2 (Fennel)",
          fennel[1],
          "tasks/s",
          raw[1],
          "raw Jedis BRPOP, 2 consumers");
    }
  }

  private static double[] fennel(Fennel app, String queue, SendOptions o, int n) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      app.task("bench.noop").applyAsync(List.of(), Map.of(), o);
    }
    double publishRate = n / ((System.nanoTime() - t0) / 1e9);
    Worker w =
        app.worker(
            new WorkerOptions(
                "bench-redis@localhost", List.of(queue), PoolType.THREADS, 2, 4, false));
    long t1 = System.nanoTime();
    w.start();
    while (w.control().processed() < n) {
      Thread.sleep(1);
    }
    double runRate = n / ((System.nanoTime() - t1) / 1e9);
    w.shutdown();
    w.awaitStopped(Duration.ofSeconds(30));
    app.unsafe().broker().purge(queue);
    return new double[] {publishRate, runRate};
  }

  private static double[] raw(int n, String envelope) throws Exception {
    String queue = "bench.redis.raw." + UUID.randomUUID();
    try (RedisClient redis = RedisClient.create(URL)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        redis.lpush(queue, envelope);
      }
      double publishRate = n / ((System.nanoTime() - t0) / 1e9);
      AtomicInteger left = new AtomicInteger(n);
      CountDownLatch done = new CountDownLatch(2);
      long t1 = System.nanoTime();
      for (int c = 0; c < 2; c++) {
        Thread t =
            new Thread(
                () -> {
                  while (left.get() > 0) {
                    List<String> popped = redis.brpop(1, queue);
                    if (popped != null) {
                      left.decrementAndGet();
                    }
                  }
                  done.countDown();
                },
                "bench-brpop-" + c);
        t.setDaemon(true);
        t.start();
      }
      done.await(10, TimeUnit.MINUTES);
      double consumeRate = n / ((System.nanoTime() - t1) / 1e9);
      redis.del(queue);
      return new double[] {publishRate, consumeRate};
    }
  }
}
