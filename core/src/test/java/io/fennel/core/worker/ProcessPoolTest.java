package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.TaskFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The process pool with real child JVMs: tasks run in children, a hard time limit kills the child,
 * a child that dies fails only its task, and memory above the limit replaces the child.
 */
class ProcessPoolTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Worker start(WorkerHarness h, int concurrency) {
    WorkerOptions o =
        h.app
            .workerOptions("w1@%h", List.of())
            .withPool(PoolType.PROCESS, ProcessPoolTestChild.command());
    h.worker =
        h.app.worker(
            new WorkerOptions(
                o.hostname(),
                o.queues(),
                o.pool(),
                concurrency,
                1,
                false,
                o.childCommand(),
                null,
                null));
    h.worker.start();
    return h.worker;
  }

  private static long pidOf(WorkerHarness h) throws Exception {
    return h.app.task("p.pid").delay().get(WAIT).asLong();
  }

  @Test
  void givenAProcessPoolWhenTasksRunThenTheyRunInAChildJvmAndFailuresComeBackAsData()
      throws Exception {
    try (var h = new WorkerHarness(ProcessPoolTestChild::define)) {
      start(h, 1);
      assertThat(h.app.task("p.add").delay(2, 3).get(WAIT).asLong()).isEqualTo(5L);
      assertThat(pidOf(h)).isNotEqualTo(ProcessHandle.current().pid());
      assertThatThrownBy(() -> h.app.task("p.fail").delay().get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("IllegalStateException");
                assertThat(e.excModule()).isEqualTo("java.lang");
                assertThat(e.excMessage()).startsWith("boom in ");
              });
      assertThat(h.worker.control().poolType()).isEqualTo(PoolType.PROCESS);
    }
  }

  @Test
  void givenATaskIgnoringInterruptsWhenItsHardLimitPassesThenItsChildIsKilledAndTheNextTaskRuns()
      throws Exception {
    try (var h = new WorkerHarness(ProcessPoolTestChild::define)) {
      Worker w = start(h, 1);
      long before = pidOf(h);
      ProcessHandle child = ProcessHandle.of(before).orElseThrow();
      AsyncResult spin =
          h.app
              .task("p.spin")
              .applyAsync(List.of(), Map.of(), SendOptions.builder().timeLimits(3.0, null).build());
      await().atMost(WAIT).until(() -> w.control().active().size() == 1);
      h.time.advance(Duration.ofSeconds(3));
      assertThatThrownBy(() -> spin.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> assertThat(e.excType()).isEqualTo("TimeLimitExceeded"));
      await().atMost(WAIT).until(() -> !child.isAlive());
      long after = pidOf(h);
      assertThat(after).isNotEqualTo(before);
      assertThat(w.control().processPoolStats().killed()).isEqualTo(1);
    }
  }

  @Test
  void givenAChildKilledMidTaskThenOnlyThatTaskFailsWithWorkerLostErrorAndThePoolIsWholeAgain()
      throws Exception {
    try (var h = new WorkerHarness(ProcessPoolTestChild::define)) {
      Worker w = start(h, 1);
      long pid = pidOf(h);
      AsyncResult sleeping = h.app.task("p.sleep").delay();
      await().atMost(WAIT).until(() -> w.control().active().size() == 1);
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      assertThatThrownBy(() -> sleeping.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("WorkerLostError");
                assertThat(e.excModule()).isEqualTo("billiard.exceptions");
                assertThat(e.excMessage()).contains("signal 9");
              });
      assertThat(h.app.task("p.add").delay(1, 1).get(WAIT).asLong()).isEqualTo(2L);
      assertThat(w.control().processPoolStats().lost()).isEqualTo(1);
      assertThat(w.control().processPoolStats().alive()).isEqualTo(1);
    }
  }

  @Test
  void givenTheSoftLimitWhenItPassesThenTheTaskInTheChildIsInterruptedAndSeesIt() throws Exception {
    try (var h = new WorkerHarness(ProcessPoolTestChild::define)) {
      Worker w = start(h, 1);
      pidOf(h);
      AsyncResult r =
          h.app
              .task("p.sleep")
              .applyAsync(List.of(), Map.of(), SendOptions.builder().timeLimits(null, 2.0).build());
      await().atMost(WAIT).until(() -> w.control().active().size() == 1);
      h.time.advance(Duration.ofSeconds(2));
      assertThat(r.get(WAIT).asText()).isEqualTo("soft");
    }
  }

  @Test
  void givenMaxMemoryPerChildWhenAChildGrowsPastItThenItIsReplacedAndNoTaskIsLost()
      throws Exception {
    try (var h =
        new WorkerHarness(ProcessPoolTestChild::define, c -> c.workerMaxMemoryPerChild(200_000))) {
      Worker w = start(h, 1);
      long first = pidOf(h);
      for (int i = 0; i < 6; i++) {
        assertThat(h.app.task("p.leak").delay(40).get(WAIT)).isNotNull();
      }
      assertThat(w.control().processPoolStats().memoryRecycles()).isGreaterThanOrEqualTo(1);
      assertThat(pidOf(h)).isNotEqualTo(first);
    }
  }

  @Test
  void givenMaxTasksPerChildWhenAChildHasRunThatManyThenANewChildJvmRunsTheNext() throws Exception {
    try (var h =
        new WorkerHarness(ProcessPoolTestChild::define, c -> c.workerMaxTasksPerChild(2))) {
      Worker w = start(h, 1);
      long first = pidOf(h);
      assertThat(pidOf(h)).isEqualTo(first);
      long second = pidOf(h);
      assertThat(second).isNotEqualTo(first);
      assertThat(pidOf(h)).isEqualTo(second);
      long third = pidOf(h);
      assertThat(third).isNotIn(first, second);
      await().atMost(WAIT).until(() -> ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true));
      assertThat(w.control().processPoolStats().started()).isGreaterThanOrEqualTo(3);
      assertThat(w.control().processPoolStats().lost()).isZero();
    }
  }

  @Test
  void givenAProcessPoolWhenPoolRestartIsAskedThenANewChildJvmRunsTheNextTaskAndTheOldOneEnds()
      throws Exception {
    try (var h = new WorkerHarness(ProcessPoolTestChild::define)) {
      Worker w = start(h, 1);
      long before = pidOf(h);
      ProcessHandle old = ProcessHandle.of(before).orElseThrow();

      w.control().poolRestart();

      long after = pidOf(h);
      assertThat(after).isNotEqualTo(before);
      assertThat(h.app.task("p.add").delay(2, 2).get(WAIT).asLong()).isEqualTo(4L);
      await().atMost(WAIT).until(() -> !old.isAlive());
      assertThat(w.control().processPoolStats().lost()).isZero();
    }
  }
}
