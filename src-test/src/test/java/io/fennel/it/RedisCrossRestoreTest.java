package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.RedisUnacked;
import io.fennel.it.support.Services;
import io.fennel.protocol.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * kombu's {@code unacked} ledger shared across implementations: deliveries stranded by a crashed
 * {@code task_acks_late} worker of one side are put back by a worker of the other side (after the
 * visibility timeout) and finished; nothing a Fennel worker took is lost, and of what a Celery
 * worker took at most the one message its last {@code BRPOP} popped before recording it.
 */
class RedisCrossRestoreTest {
  static final String BROKER = RedisAcksLateCrashTest.BROKER;
  static final String BACKEND = RedisAcksLateCrashTest.BACKEND;
  static final int VISIBILITY_SECONDS = RedisAcksLateCrashTest.VISIBILITY_SECONDS;
  static final String SHORT_VISIBILITY = BROKER + "?visibility_timeout=" + VISIBILITY_SECONDS;

  private static long succeeded(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> app.asyncResult(id).status().equals("SUCCESS")).count();
  }

  private static long unackedOf(String queue) {
    try (RedisClient r = RedisClient.create(BROKER)) {
      return r.hvals("unacked").stream().filter(v -> v.contains("\"" + queue + "\"")).count();
    }
  }

  /**
   * Which of {@code ids} are still on the broker, in {@code queue}'s lists or in {@code unacked}
   * (where a killed worker's deliveries wait for the visibility timeout).
   */
  private static Set<String> onBroker(String queue, List<String> ids) {
    List<String> stored = new ArrayList<>();
    try (RedisClient r = RedisClient.create(BROKER)) {
      for (String list : RedisKeys.consumeOrder(List.of(queue))) {
        stored.addAll(r.lrange(list, 0, -1));
      }
      stored.addAll(r.hvals("unacked"));
    }
    Set<String> held = new HashSet<>();
    for (String id : ids) {
      if (stored.stream().anyMatch(m -> m.contains("\"" + id + "\""))) {
        held.add(id);
      }
    }
    return held;
  }

  /**
   * A worker killed during its periodic restore leaves kombu's {@code unacked_mutex} behind, and
   * nobody restores until it expires (5 minutes, longer than these tests wait). Deleting it stands
   * in for that expiry; the killed worker can hold nothing else.
   */
  private static void expireLockOfKilledWorker() {
    try (RedisClient r = RedisClient.create(BROKER)) {
      r.del("unacked_mutex");
    }
  }

  private static List<String> send(Fennel app, String queue, int n) {
    List<String> ids = new ArrayList<>();
    SendOptions o = SendOptions.builder().queue(queue).build();
    for (int i = 0; i < n; i++) {
      ids.add(app.sendTask("demo.sleep", List.of(0.05), Map.of(), o).id());
    }
    return ids;
  }

  @Test
  void aPythonWorkerRestoresAndFinishesWhatAKilledFennelWorkerHeld() throws Exception {
    Services.requireRedis();
    Services.requireCelery();
    String queue = "it.redis.cross.jvm." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build()) {
      List<String> ids = send(app, queue, 200);
      try (Proc fennel =
          Proc.fennel(
              "redis-cross-fennel",
              Map.of(
                  "FENNEL_BROKER_URL",
                  BROKER,
                  "FENNEL_RESULT_BACKEND",
                  BACKEND,
                  "FENNEL_TASK_ACKS_LATE",
                  "true",
                  "FENNEL_WORKER_PREFETCH_MULTIPLIER",
                  "4"),
              "worker",
              "-A",
              "io.fennel.demo.DemoApp",
              "-Q",
              queue,
              "-c",
              "2",
              "-n",
              "redis-cross-1@%h")) {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> succeeded(app, ids) >= 20 || !fennel.isAlive());
        assertThat(fennel.isAlive()).as("the Fennel worker died:\n%s", fennel.output()).isTrue();
        fennel.kill();
        fennel.waitFor(Duration.ofSeconds(10));
      }
      expireLockOfKilledWorker();
      assertThat(succeeded(app, ids)).as("killed part way").isLessThan(ids.size());
      assertThat(unackedOf(queue)).as("deliveries the killed worker held").isPositive();
      await()
          .atMost(Duration.ofSeconds(VISIBILITY_SECONDS + 30))
          .pollInterval(Duration.ofMillis(250))
          .until(() ->
              RedisUnacked.youngerThan(BROKER, queue, Duration.ofSeconds(VISIBILITY_SECONDS)) == 0);
      try (Proc celery =
          Python.worker(
              Map.of("FENNEL_IT_VISIBILITY_TIMEOUT", Integer.toString(VISIBILITY_SECONDS)),
              BROKER,
              BACKEND,
              queue,
              "py-cross-" + UUID.randomUUID() + "@%h")) {
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> succeeded(app, ids) == ids.size() || !celery.isAlive());
        assertThat(celery.isAlive()).as("the Celery worker died:\n%s", celery.output()).isTrue();
        assertThat(succeeded(app, ids)).isEqualTo(ids.size());
        await().atMost(Duration.ofSeconds(30)).until(() -> unackedOf(queue) == 0);
      } finally {
        app.unsafe().broker().purge(queue);
      }
    }
  }

  @Test
  void aFennelWorkerRestoresAndFinishesWhatAKilledPythonWorkerHeld() throws Exception {
    Services.requireRedis();
    Services.requireCelery();
    String queue = "it.redis.cross.py." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build()) {
      List<String> ids = send(app, queue, 200);
      try (Proc celery =
          Python.worker(
              Map.of("FENNEL_IT_ACKS_LATE", "1"),
              BROKER,
              BACKEND,
              queue,
              "py-cross-" + UUID.randomUUID() + "@%h")) {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> succeeded(app, ids) >= 10 || !celery.isAlive());
        assertThat(celery.isAlive()).as("the Celery worker died:\n%s", celery.output()).isTrue();
        celery.kill();
        celery.waitFor(Duration.ofSeconds(10));
      }
      expireLockOfKilledWorker();
      assertThat(succeeded(app, ids)).as("killed part way").isLessThan(ids.size());
      assertThat(unackedOf(queue)).as("deliveries the killed worker held").isPositive();
      // kombu pops with BRPOP and records the delivery in unacked afterwards: a message popped in
      // the instant before the kill is in neither place, lost by Celery before Fennel starts. Only
      // one BRPOP is ever outstanding, so at most one; Fennel must finish all the others.
      Set<String> held = onBroker(queue, ids);
      List<String> lostByCelery =
          ids.stream()
              .filter(id -> !held.contains(id))
              .filter(id -> !app.asyncResult(id).status().equals("SUCCESS"))
              .toList();
      assertThat(lostByCelery)
          .as("neither finished nor on the broker after the kill")
          .hasSizeLessThanOrEqualTo(1);
      List<String> expected = ids.stream().filter(id -> !lostByCelery.contains(id)).toList();
      await()
          .atMost(Duration.ofSeconds(VISIBILITY_SECONDS + 30))
          .pollInterval(Duration.ofMillis(250))
          .until(() ->
              RedisUnacked.youngerThan(BROKER, queue, Duration.ofSeconds(VISIBILITY_SECONDS)) == 0);
      try (Fennel workerApp =
          Fennel.builder().brokerUrl(SHORT_VISIBILITY).resultBackend(BACKEND).build()) {
        new DemoApp().define(workerApp);
        Worker worker = workerApp.worker(workerApp.workerOptions("jvm-cross@%h", List.of(queue)));
        worker.start();
        try {
          await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(500))
              .untilAsserted(() ->
                  assertThat(
                          expected.stream()
                              .filter(id -> !app.asyncResult(id).status().equals("SUCCESS"))
                              .toList())
                      .as("not finished by the Fennel worker")
                      .isEmpty());
          await().atMost(Duration.ofSeconds(30)).until(() -> unackedOf(queue) == 0);
        } finally {
          worker.shutdown();
          worker.awaitStopped(Duration.ofSeconds(30));
          app.unsafe().broker().purge(queue);
        }
      }
    }
  }
}
