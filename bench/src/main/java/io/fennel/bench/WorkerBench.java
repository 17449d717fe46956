package io.fennel.bench;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The worker as users run it (agent attached, {@code -c 2}, prefetch 8), no-op tasks drained from a
 * pre-filled queue, with task events on ({@code -E}) and off, beside a bare client consumer and
 * Celery 5.2.6 prefork {@code -c 2 -E} on the same broker, in the same run. One more row runs the
 * {@code -E} worker with {@code worker_prefetch_multiplier=500}, so at the bare consumer's own
 * prefetch of 1,000 (as a user tunes a worker for short tasks), against that consumer.
 */
final class WorkerBench {
  /** {@code worker_prefetch_multiplier} of the tuned row: prefetch 1,000 at {@code -c 2}. */
  private static final int TUNED_MULTIPLIER = 500;

  private WorkerBench() {}

  static void run(int n, int celeryN) throws Exception {
    broker("RabbitMQ", AmqpThroughputBench.URL, n, celeryN);
    broker("Redis", RedisThroughputBench.URL, n, celeryN);
  }

  private static void broker(String label, String url, int n, int celeryN) throws Exception {
    boolean amqp = url.startsWith("amqp");
    double raw;
    double rawAt8;
    double off;
    double on;
    double tuned;
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      app.register(Prefill.NOOP, c -> null);
      String queue = "bench.worker." + UUID.randomUUID();
      // The bare reference is warmed and measured the same way: one unmeasured run, best of two.
      raw = 0;
      for (int round = 0; round < 3; round++) {
        Prefill.noops(app, queue, n);
        double r = amqp ? RawConsumers.amqp(queue, n) : RawConsumers.redis(url, queue, n);
        raw = round == 0 ? 0 : Math.max(raw, r);
      }
      // the same bare client held to the worker's prefetch: what the broker gives at 8
      rawAt8 = 0;
      for (int round = 0; amqp && round < 2; round++) {
        Prefill.noops(app, queue, n);
        rawAt8 = Math.max(rawAt8, RawConsumers.amqp(queue, n, 8));
      }
      // The first run in a JVM is slow (JIT, pools, channels): warm both paths with a full run,
      // then measure off and on three times, alternating, and keep the best of each (with two,
      // the on/off ratio swung 0.77-1.03 between runs of the same code).
      Prefill.noops(app, queue, n);
      fennel(app, queue, n, true);
      off = 0;
      on = 0;
      for (int round = 0; round < 3; round++) {
        Prefill.noops(app, queue, n);
        off = Math.max(off, fennel(app, queue, n, false));
        Prefill.noops(app, queue, n);
        on = Math.max(on, fennel(app, queue, n, true));
      }
      tuned = 0;
      for (int round = 0; round < 2; round++) {
        Prefill.noops(app, queue, n);
        tuned = Math.max(tuned, fennel(app, queue, n, true, TUNED_MULTIPLIER));
      }
      app.unsafe().broker().purge(queue);
    }
    String rawName =
        amqp ? "bare amqp-client, prefetch 1000, multi-ack" : "bare Jedis BRPOP, 2 consumers";
    System.out.printf(
        "# worker on %s: %d no-op tasks per Fennel run, after a warm-up run the best of three"
            + " (events on and off) or two (prefetch 1000)%n",
        label, n);
    Benchmarks.report("worker -c 2 -E on " + label, on, "tasks/s", raw, rawName);
    if (amqp) {
      Benchmarks.report(
          "worker -c 2 -E on " + label, on, "tasks/s", rawAt8, "bare amqp-client, prefetch 8");
    }
    Benchmarks.report("worker -c 2 -E on " + label, on, "tasks/s", off, "same worker, events off");
    Benchmarks.report("worker -c 2 -E, prefetch 1000, on " + label, tuned, "tasks/s", raw, rawName);
    if (!CeleryPeer.available()) {
      System.out.println("# skipped Celery on " + label + ": /usr/bin/python3 has no celery");
      return;
    }
    double celery = CeleryDrain.rate(url, celeryN);
    Benchmarks.report(
        "worker -c 2 -E on " + label, on, "tasks/s", celery, "Celery 5.2.6 prefork -c 2 -E");
  }

  /**
   * Only the {@code -E} worker on RabbitMQ (or Redis: {@code profile-redis}), for a profile: {@code
   * java -XX:StartFlightRecording=filename=worker.jfr,settings=profile ... Benchmarks profile}.
   */
  static void profile(String url, int n) throws Exception {
    try (Fennel app = Fennel.builder().brokerUrl(url).build()) {
      app.register(Prefill.NOOP, c -> null);
      String queue = "bench.profile." + UUID.randomUUID();
      // three rounds, so the last ones profile the warm worker rather than the JIT;
      // -Dbench.events=false profiles the same worker without task events
      boolean events = Boolean.parseBoolean(System.getProperty("bench.events", "true"));
      // -Dbench.multiplier=64 profiles a worker_prefetch_multiplier other than Celery's 4, and
      // -Dbench.rounds=6 runs more rounds (a steadier CPU per task)
      int multiplier = Integer.getInteger("bench.multiplier", 4);
      String flag = events ? "-E" : "(events off)";
      int rounds = Integer.getInteger("bench.rounds", 3);
      for (int round = 1; round <= rounds; round++) {
        Prefill.noops(app, queue, n);
        System.out.printf(
            "# profile: worker -c 2 %s on %s, %d tasks, round %d%n", flag, url, n, round);
        RoundCost cost = RoundCost.start(url);
        double rate = fennel(app, queue, n, events, multiplier);
        System.out.printf(
            "worker -c 2 %s, prefetch %d, on %s: %.1f tasks/s, %s%n",
            flag, 2 * multiplier, url, rate, cost.per(n, "task"));
      }
      app.unsafe().broker().purge(queue);
    }
  }

  /** Runs the worker with its agent over the pre-filled queue and returns tasks per second. */
  static double fennel(Fennel app, String queue, int n, boolean events) throws Exception {
    return fennel(app, queue, n, events, 4);
  }

  /** As above with {@code worker_prefetch_multiplier} {@code multiplier} (Celery's default: 4). */
  static double fennel(Fennel app, String queue, int n, boolean events, int multiplier)
      throws Exception {
    Worker w =
        app.worker(
            new WorkerOptions(
                "bench@localhost", List.of(queue), PoolType.THREADS, 2, multiplier, false));
    WorkerAgent agent = WorkerAgent.attach(app, w, AgentOptions.DEFAULTS.withTaskEvents(events));
    long t0 = System.nanoTime();
    w.start();
    while (w.control().processed() < n) {
      Thread.sleep(1);
    }
    double rate = n / ((System.nanoTime() - t0) / 1e9);
    w.shutdown();
    w.awaitStopped(Duration.ofSeconds(30));
    agent.close();
    return rate;
  }
}
