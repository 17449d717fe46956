package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.producer.SendOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every thread a worker's pool runs tasks on names its worker, so two workers in one JVM differ.
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
}
