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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeLimitTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theSoftLimitInterruptsTheTaskSoItCanCleanUp() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean cleanedUp = new AtomicBoolean();
    try (var h =
        new WorkerHarness(app ->
            app.register(
                "t.soft",
                c -> {
                  started.countDown();
                  try {
                    new CountDownLatch(1).await();
                    return "never";
                  } finally {
                    cleanedUp.set(c.context().isSoftTimeLimitExceeded());
                  }
                }))) {
      h.start();
      AsyncResult r =
          h.app
              .task("t.soft")
              .applyAsync(List.of(), Map.of(), SendOptions.builder().timeLimits(null, 5.0).build());
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      h.time.advance(Duration.ofMillis(4999));
      assertThat(r.state().ready()).isFalse();
      h.time.advance(Duration.ofMillis(1));
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("SoftTimeLimitExceeded");
                assertThat(e.excModule()).isEqualTo("celery.exceptions");
                assertThat(e.excMessage()).contains("5.0 s");
              });
      assertThat(cleanedUp).isTrue();
    }
  }

  @Test
  void aTaskIgnoringInterruptsFailsAtItsHardLimitAndThePoolKeepsFullConcurrency() throws Exception {
    CountDownLatch stuck = new CountDownLatch(2);
    CountDownLatch releaseStubborn = new CountDownLatch(1);
    CountDownLatch bothQuickRunning = new CountDownLatch(2);
    try (var h =
        new WorkerHarness(app -> {
          app.register(
              "t.stubborn",
              c -> {
                stuck.countDown();
                while (true) {
                  try {
                    releaseStubborn.await();
                    return "released";
                  } catch (InterruptedException ignored) {
                    // ignores interruption on purpose
                  }
                }
              });
          app.register(
              "t.together",
              c -> {
                bothQuickRunning.countDown();
                return bothQuickRunning.await(10, TimeUnit.SECONDS);
              });
        })) {
      Worker w = h.start();
      w.control().setTimeLimit("t.stubborn", null, 3.0);
      AsyncResult a = h.app.task("t.stubborn").delay();
      AsyncResult b = h.app.task("t.stubborn").delay();
      assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
      h.time.advance(Duration.ofSeconds(3));
      for (AsyncResult r : List.of(a, b)) {
        assertThatThrownBy(() -> r.get(WAIT))
            .isInstanceOfSatisfying(
                TaskFailedException.class,
                e -> {
                  assertThat(e.excType()).isEqualTo("TimeLimitExceeded");
                  assertThat(e.excModule()).isEqualTo("celery.exceptions");
                });
      }
      assertThat(w.control().abandonedThreads()).isEqualTo(2);
      AsyncResult q1 = h.app.task("t.together").delay();
      AsyncResult q2 = h.app.task("t.together").delay();
      assertThat(q1.get(WAIT).asBoolean()).isTrue();
      assertThat(q2.get(WAIT).asBoolean()).isTrue();
      assertThat(w.control().poolSize()).isEqualTo(2);
      releaseStubborn.countDown();
    }
  }

  @Test
  void aLimitSetAtRuntimeIsRefusedForAnUnknownTaskOrAnInvertedPair() throws Exception {
    try (var h = new WorkerHarness(app -> app.register("t.x", c -> 1))) {
      Worker w = h.start();
      assertThatThrownBy(() -> w.control().setTimeLimit("t.nope", 1.0, 2.0))
          .hasMessageContaining("unknown task t.nope");
      assertThatThrownBy(() -> w.control().setTimeLimit("t.x", 5.0, 2.0))
          .hasMessageContaining("soft time limit (5.0) must not exceed the hard one (2.0)");
      w.control().setTimeLimit("t.x", 1.0, 2.0);
      assertThat(w.control().timeLimit("t.x")).containsExactly(1.0, 2.0);
    }
  }

  @Test
  void aPoolThreadIsReplacedAfterMaxTasksPerChildDroppingItsThreadLocals() throws Exception {
    ThreadLocal<String> leak = new ThreadLocal<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Set<String> seenLeaks = ConcurrentHashMap.newKeySet();
    try (var h =
        new WorkerHarness(
            app ->
                app.register(
                    "t.leak",
                    c -> {
                      threads.add(Thread.currentThread().getName());
                      if (leak.get() != null) {
                        seenLeaks.add(leak.get());
                      }
                      leak.set("held by " + Thread.currentThread().getName());
                      return 1;
                    }),
            c -> c.workerConcurrency(1).workerMaxTasksPerChild(1))) {
      Worker w = h.start();
      for (int i = 0; i < 4; i++) {
        assertThat(h.app.task("t.leak").delay().get(WAIT).asInt()).isEqualTo(1);
      }
      await().atMost(WAIT).until(() -> w.control().replacedThreads() >= 3);
      assertThat(threads).hasSize(4).allMatch(n -> n.startsWith("fennel-worker[w1@testhost]-"));
      assertThat(seenLeaks).isEmpty();
    }
  }
}
