package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every thread a worker's pool runs tasks on names its worker, so two workers in one JVM differ,
 * and {@code pool_restart} really puts new threads in place of the old ones.
 */
class WorkerThreadsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void givenTwoWorkersInOneJvmWhenEachRunsATaskThenItsThreadNameSaysWhichWorker() throws Exception {
    try (var h =
        new WorkerHarness(app -> app.register("t.where", c -> Thread.currentThread().getName()))) {
      h.start("celery");
      Worker second = h.app.worker(h.app.workerOptions("w2@%h", List.of("second")));
      second.start();
      try {
        String first = h.app.task("t.where").delay().get(WAIT).asText();
        String other =
            h.app
                .task("t.where")
                .applyAsync(List.of(), Map.of(), SendOptions.builder().queue("second").build())
                .get(WAIT)
                .asText();
        assertThat(first).matches("fennel-worker\\[w1@testhost\\]-\\d+");
        assertThat(other).matches("fennel-worker\\[w2@testhost\\]-\\d+");
      } finally {
        second.shutdownNow();
        assertThat(second.awaitStopped(WAIT)).isTrue();
      }
    }
  }

  @Test
  void givenAThreadPoolWhenPoolRestartIsAskedThenNewThreadsRunTheNextTasksAndTheOldOnesEnd()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (var h =
        new WorkerHarness(app -> {
          app.register("t.where", c -> Thread.currentThread().getName());
          app.register(
              "t.hold",
              c -> {
                if (!release.await(10, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("never released");
                }
                return Thread.currentThread().getName();
              });
        })) {
      Worker w = h.start("celery");
      // both threads of the pool (concurrency 2) are busy at once, so both names are seen
      AsyncResult a = h.app.task("t.hold").delay();
      AsyncResult b = h.app.task("t.hold").delay();
      await().atMost(WAIT).until(() -> w.control().active().size() == 2);
      release.countDown();
      Set<String> old = Set.of(a.get(WAIT).asText(), b.get(WAIT).asText());
      assertThat(old).hasSize(2);

      w.control().poolRestart();

      for (int i = 0; i < 4; i++) {
        String name = h.app.task("t.where").delay().get(WAIT).asText();
        assertThat(name).matches("fennel-worker\\[w1@testhost\\]-\\d+").isNotIn(old);
      }
      await()
          .atMost(WAIT)
          .until(() ->
              Thread.getAllStackTraces().keySet().stream()
                  .noneMatch(t -> old.contains(t.getName()) && t.isAlive()));
    }
  }
}
