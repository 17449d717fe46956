package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.it.support.Proc;
import io.fennel.it.support.RedisUnacked;
import io.fennel.it.support.RunCounter;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * At-least-once with {@code task_acks_late} on Redis as the broker: a worker process killed with
 * SIGKILL part way through 1,000 tasks leaves its unacknowledged deliveries in kombu's {@code
 * unacked}/{@code unacked_index}; a second worker with a short visibility timeout puts them back
 * when it starts consuming (the restore every consuming broker does at start) and finishes them
 * all. Counts: sent, completed, lost (none), duplicated (only deliveries the killed worker held
 * unacknowledged may run again).
 */
class RedisAcksLateCrashTest {
  static final String BROKER = "redis://127.0.0.1:6379/10";
  static final int VISIBILITY_SECONDS = 5;
  static final String BACKEND = "redis://127.0.0.1:6379/9";
  static final int SENT = 1000;
  static final int CONCURRENCY = 4;
  static final int PREFETCH_MULTIPLIER = 4;

  private static long succeeded(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> app.asyncResult(id).status().equals("SUCCESS")).count();
  }

  private static Map<String, String> env(String broker) {
    return Map.of(
        "FENNEL_BROKER_URL",
        broker,
        "FENNEL_RESULT_BACKEND",
        BACKEND,
        "FENNEL_TASK_ACKS_LATE",
        "true",
        "FENNEL_WORKER_PREFETCH_MULTIPLIER",
        Integer.toString(PREFETCH_MULTIPLIER),
        RunCounter.URL_VARIABLE,
        BACKEND);
  }

  /** Entries of {@code unacked} in db 10 that belong to {@code queue}. */
  private static long unackedOf(String queue) {
    try (RedisClient r = RedisClient.create("redis://127.0.0.1:6379/10")) {
      return r.hvals("unacked").stream().filter(v -> v.contains("\"" + queue + "\"")).count();
    }
  }

  @Test
  void aWorkerKilledPartWayLosesNoTaskAndASecondWorkerRestoresAndFinishesThem() throws Exception {
    Services.requireRedis();
    String queue = "it.redis.ackslate." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build()) {
      List<String> ids = new ArrayList<>();
      SendOptions toQueue = SendOptions.builder().queue(queue).build();
      String runs = "it:redis:ackslate:runs:" + queue;
      for (long i = 0; i < SENT; i++) {
        ids.add(app.sendTask(RunCounter.TASK, List.of(runs, i, 0.01), Map.of(), toQueue).id());
      }
      long firstPid;
      try (Proc first =
          Proc.fennel(
              "redis-worker-1",
              env(BROKER),
              "worker",
              "-A",
              "io.fennel.it.support.RunCounter",
              "-Q",
              queue,
              "-c",
              Integer.toString(CONCURRENCY),
              "-n",
              "redis-crash-1@%h")) {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> succeeded(app, ids) >= 100 || !first.isAlive());
        assertThat(first.isAlive()).as("the first worker died:\n%s", first.output()).isTrue();
        firstPid = first.pid();
        first.kill();
        first.waitFor(Duration.ofSeconds(10));
      }
      long doneAtKill = succeeded(app, ids);
      assertThat(doneAtKill).as("killed part way").isLessThan(ids.size());
      long stranded = unackedOf(queue);
      assertThat(stranded).as("deliveries the killed worker held in unacked").isPositive();
      // A consuming broker restores what is older than the visibility timeout when it starts,
      // then only every 100 s; wait until the killed worker's deliveries are that old.
      await()
          .atMost(Duration.ofSeconds(VISIBILITY_SECONDS + 30))
          .pollInterval(Duration.ofMillis(250))
          .until(() ->
              RedisUnacked.youngerThan(
                      "redis://127.0.0.1:6379/10", queue, Duration.ofSeconds(VISIBILITY_SECONDS))
                  == 0);
      try (Proc second =
          Proc.fennel(
              "redis-worker-2",
              env(BROKER + "?visibility_timeout=" + VISIBILITY_SECONDS),
              "worker",
              "-A",
              "io.fennel.it.support.RunCounter",
              "-Q",
              queue,
              "-c",
              Integer.toString(CONCURRENCY),
              "-n",
              "redis-crash-2@%h")) {
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .conditionEvaluationListener(c -> {
              if (c.getRemainingTimeInMS() <= 1000) {
                System.out.printf(
                    "redis acks_late: %d/%d done at kill, %d stranded, %d done now, %d still"
                        + " unacked, %d queued; second worker:%n%s%n",
                    doneAtKill,
                    ids.size(),
                    stranded,
                    succeeded(app, ids),
                    unackedOf(queue),
                    app.unsafe().broker().queueStats(queue).map(q -> q.messages()).orElse(-1L),
                    second.output());
              }
            })
            .until(() -> succeeded(app, ids) == ids.size() || !second.isAlive());
        assertThat(second.isAlive()).as("the second worker died:\n%s", second.output()).isTrue();
        assertThat(ids)
            .allSatisfy(id -> assertThat(app.asyncResult(id).status()).isEqualTo("SUCCESS"));
        assertThat(second.output()).contains("restored " + stranded + " message(s)");
        await().atMost(Duration.ofSeconds(30)).until(() -> unackedOf(queue) == 0);
        Map<Long, Long> ran = RunCounter.runs(BACKEND, runs);
        RunCounter.Counts counts = RunCounter.Counts.of(SENT, succeeded(app, ids), ran);
        System.out.println("redis acks_late SIGKILL: " + counts + ", restored " + stranded);
        assertThat(counts.lost()).as("lost (%s)", counts).isZero();
        // Only a delivery the killed worker left in unacked comes back; it takes at most its
        // prefetch count (concurrency x multiplier) at a time, and of those only ones it had
        // started can have run before.
        assertThat(counts.duplicated())
            .as("duplicated (%s)", counts)
            .isLessThanOrEqualTo(Math.min(stranded, CONCURRENCY * PREFETCH_MULTIPLIER));
        Map<Long, Long> firstBy = RunCounter.firstRunBy(BACKEND, runs);
        ran.forEach((n, times) -> {
          if (times > 1) {
            assertThat(firstBy.get(n))
                .as("task %d first ran on the killed worker", n)
                .isEqualTo(firstPid);
          }
        });
        second.terminate();
      } finally {
        app.unsafe().broker().purge(queue);
        RunCounter.clear(BACKEND, runs);
      }
    }
  }
}
