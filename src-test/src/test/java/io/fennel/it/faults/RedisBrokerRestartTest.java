package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.OwnRedis;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Redis broker (and result backend) restarts while a worker with {@code task_acks_late} runs
 * 500 tasks: a Redis of the test's own, persisting every write to its append-only file, is killed
 * with SIGKILL or stopped with {@code SHUTDOWN NOSAVE} and started again on the same port. The
 * worker reconnects by itself, what it held unacknowledged comes back after the visibility timeout,
 * and every task completes. Counts: sent, completed, lost (none), duplicated (bounded by what the
 * worker held).
 */
class RedisBrokerRestartTest {
  private static final int SENT = 500;
  private static final int CONCURRENCY = 4;
  private static final int PREFETCH_MULTIPLIER = 4;
  private static final int VISIBILITY_SECONDS = 3;

  @ParameterizedTest
  @ValueSource(strings = {"kill -9", "SHUTDOWN NOSAVE"})
  void everyTaskCompletesAcrossARedisRestart(String stop) throws Exception {
    Services.requireRedisServer();
    String queue = "it.faults.redisrestart." + UUID.randomUUID();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    try (OwnRedis redis = OwnRedis.start()) {
      String broker = redis.url(0) + "?visibility_timeout=" + VISIBILITY_SECONDS;
      try (Fennel sender = Fennel.builder().brokerUrl(broker).resultBackend(redis.url(1)).build();
          Fennel app =
              Fennel.builder()
                  .brokerUrl(broker)
                  .resultBackend(redis.url(1))
                  .configure(c ->
                      c.workerConcurrency(CONCURRENCY)
                          .workerPrefetchMultiplier(PREFETCH_MULTIPLIER)
                          .taskAcksLate(true))
                  .build()) {
        app.register(
            "fault.restart",
            c -> {
              runs.computeIfAbsent(c.arg(0, Long.class), k -> new AtomicInteger())
                  .incrementAndGet();
              Thread.sleep(10); // the task's own work: keeps deliveries unacknowledged
              return null;
            });
        SendOptions toQueue = SendOptions.builder().queue(queue).build();
        List<String> ids = new ArrayList<>();
        for (long i = 0; i < SENT; i++) {
          ids.add(sender.sendTask("fault.restart", List.of(i), Map.of(), toQueue).id());
        }
        Worker worker = app.worker(app.workerOptions("redisrestart@%h", List.of(queue)));
        worker.start();
        try {
          await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() >= 100);
          if (stop.equals("kill -9")) {
            redis.kill();
          } else {
            redis.shutdownNoSave();
          }
          int ranWhileUp = runs.size();
          assertThat(ranWhileUp).as("stopped part way").isLessThan(SENT);
          redis.restart();
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(250))
              .until(() -> succeeded(sender, ids) == SENT);
          long completed = succeeded(sender, ids);
          long lost = SENT - runs.size();
          long duplicated = runs.values().stream().filter(n -> n.get() > 1).count();
          System.out.printf(
              "redis restart (%s): sent %d, completed %d, lost %d, duplicated %d (%d ran before"
                  + " the stop)%n",
              stop, SENT, completed, lost, duplicated, ranWhileUp);
          assertThat(completed).as("completed").isEqualTo(SENT);
          assertThat(lost).as("lost").isZero();
          // Only deliveries the worker held unacknowledged when Redis went (at most its prefetch
          // count, concurrency x multiplier) can come back after the visibility timeout and run
          // again.
          assertThat(duplicated)
              .as("duplicated")
              .isLessThanOrEqualTo(CONCURRENCY * PREFETCH_MULTIPLIER);
        } finally {
          worker.shutdown();
          worker.awaitStopped(Duration.ofSeconds(30));
        }
      }
    }
  }

  private static long succeeded(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> "SUCCESS".equals(app.asyncResult(id).status())).count();
  }
}
