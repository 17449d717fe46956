package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.it.support.Proc;
import io.fennel.it.support.RunCounter;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * At-least-once with {@code task_acks_late}: a worker process killed with SIGKILL part way through
 * 1,000 tasks loses none of them; a second worker finishes them all. Counts: sent, completed, lost
 * (none), duplicated (only deliveries the killed worker held unacknowledged may run again).
 */
class AcksLateCrashTest {
  static final String BACKEND = "redis://127.0.0.1:6379/13";
  static final int SENT = 1000;
  static final int CONCURRENCY = 4;
  static final int PREFETCH_MULTIPLIER = 4;

  private static long succeeded(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> app.asyncResult(id).status().equals("SUCCESS")).count();
  }

  @Test
  void aWorkerKilledPartWayLosesNoTaskAndASecondWorkerFinishesThem() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    String queue = "it.ackslate." + UUID.randomUUID();
    Map<String, String> env =
        Map.of(
            "FENNEL_BROKER_URL",
            Services.RABBIT_URL,
            "FENNEL_RESULT_BACKEND",
            BACKEND,
            "FENNEL_TASK_ACKS_LATE",
            "true",
            "FENNEL_WORKER_PREFETCH_MULTIPLIER",
            Integer.toString(PREFETCH_MULTIPLIER),
            RunCounter.URL_VARIABLE,
            BACKEND);
    try (Fennel app =
        Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build()) {
      List<String> ids = new ArrayList<>();
      SendOptions toQueue = SendOptions.builder().queue(queue).build();
      String runs = "it:ackslate:runs:" + queue;
      for (long i = 0; i < SENT; i++) {
        ids.add(app.sendTask(RunCounter.TASK, List.of(runs, i, 0.01), Map.of(), toQueue).id());
      }
      try (Proc first =
              Proc.fennel(
                  "worker-1",
                  env,
                  "worker",
                  "-A",
                  "io.fennel.it.support.RunCounter",
                  "-Q",
                  queue,
                  "-c",
                  Integer.toString(CONCURRENCY),
                  "-n",
                  "crash-1@%h");
          Proc second = startAfterKilling(first, app, ids, env, queue)) {
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> succeeded(app, ids) == ids.size());
        assertThat(ids)
            .allSatisfy(id -> assertThat(app.asyncResult(id).status()).isEqualTo("SUCCESS"));
        Map<Long, Long> ran = RunCounter.runs(BACKEND, runs);
        RunCounter.Counts counts = RunCounter.Counts.of(SENT, succeeded(app, ids), ran);
        System.out.println("rabbitmq acks_late SIGKILL: " + counts);
        assertThat(counts.lost()).as("lost (%s)", counts).isZero();
        // Only a delivery still unacknowledged on the killed worker's channel can come back, and
        // RabbitMQ holds at most the prefetch count (concurrency x multiplier) unacknowledged; of
        // those, only ones the killed worker had started can have run before.
        assertThat(counts.duplicated())
            .as("duplicated (%s)", counts)
            .isLessThanOrEqualTo(CONCURRENCY * PREFETCH_MULTIPLIER);
        Map<Long, Long> firstBy = RunCounter.firstRunBy(BACKEND, runs);
        ran.forEach((n, times) -> {
          if (times > 1) {
            assertThat(firstBy.get(n))
                .as("task %d first ran on the killed worker", n)
                .isEqualTo(first.pid());
          }
        });
        second.terminate();
      } finally {
        app.unsafe().broker().purge(queue);
        RunCounter.clear(BACKEND, runs);
      }
    }
  }

  private static Proc startAfterKilling(
      Proc first, Fennel app, List<String> ids, Map<String, String> env, String queue) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .failFast("the first worker died on its own:\n" + first.output(), () -> !first.isAlive())
        .until(() -> succeeded(app, ids) >= 100);
    first.kill();
    long doneAtKill = succeeded(app, ids);
    assertThat(doneAtKill).as("killed part way").isLessThan(ids.size());
    return Proc.fennel(
        "worker-2",
        env,
        "worker",
        "-A",
        "io.fennel.it.support.RunCounter",
        "-Q",
        queue,
        "-c",
        Integer.toString(CONCURRENCY),
        "-n",
        "crash-2@%h");
  }
}
