package io.fennel.bench;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One call at a time, {@code delay().get()} of a no-op task over Redis (broker and results): a
 * Fennel client and worker {@code -c 2}, beside a Celery 5.2.6 client and prefork worker {@code -c
 * 2}, p50 and p99 in the same run.
 */
final class RoundTripBench {
  private RoundTripBench() {}

  static void run(int n) throws Exception {
    String url = RedisThroughputBench.URL;
    double[] fennel = fennel(url, n);
    System.out.printf("# round trip over Redis broker and results: %d calls, one at a time%n", n);
    if (!CeleryPeer.available()) {
      System.out.printf("# Fennel p50 %.2f ms p99 %.2f ms; Celery skipped%n", fennel[0], fennel[1]);
      return;
    }
    String queue = "bench.rt.celery." + UUID.randomUUID();
    String node = "benchrt" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    Process worker = CeleryPeer.worker(url, url, queue, node, false);
    String line;
    try {
      line = CeleryPeer.script(url, url, "fennel_bench_roundtrip.py", "" + n, queue);
    } finally {
      CeleryPeer.stop(worker);
    }
    String[] parts = line.split(" ");
    double p50 = Double.parseDouble(parts[1]);
    double p99 = Double.parseDouble(parts[3]);
    Benchmarks.report("delay().get() p50, Redis", fennel[0], "ms", p50, "Celery delay().get() p50");
    Benchmarks.report("delay().get() p99, Redis", fennel[1], "ms", p99, "Celery delay().get() p99");
  }

  private static double[] fennel(String url, int n) throws Exception {
    String queue = "bench.rt.fennel." + UUID.randomUUID();
    try (Fennel workerApp = Fennel.builder().brokerUrl(url).resultBackend(url).build();
        Fennel client = Fennel.builder().brokerUrl(url).resultBackend(url).build()) {
      workerApp.register(Prefill.NOOP, c -> null);
      Worker w =
          workerApp.worker(
              new WorkerOptions(
                  "bench-rt@localhost", List.of(queue), PoolType.THREADS, 2, 4, false));
      w.start();
      SendOptions o = SendOptions.builder().queue(queue).build();
      Duration timeout = Duration.ofSeconds(30);
      for (int i = 0; i < 20; i++) {
        client.task(Prefill.NOOP).applyAsync(List.of(), Map.of(), o).get(timeout);
      }
      double[] ms = new double[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        client.task(Prefill.NOOP).applyAsync(List.of(), Map.of(), o).get(timeout);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      w.shutdown();
      w.awaitStopped(timeout);
      workerApp.unsafe().broker().purge(queue);
      Arrays.sort(ms);
      return new double[] {ms[n / 2], ms[(int) (n * 0.99)]};
    }
  }
}
