package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.task.TaskOptions;
import io.fennel.protocol.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aSentTaskRunsAndItsResultIsReadBack() throws Exception {
    try (var h =
        new WorkerHarness(
            app -> app.register("demo.add", c -> c.arg(0, int.class) + c.arg(1, int.class)))) {
      h.start();
      AsyncResult r = h.app.task("demo.add").delay(2, 3);
      assertThat(r.get(WAIT).asInt()).isEqualTo(5);
      assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(r.successful()).isTrue();
    }
  }

  @Test
  void aFailureCarriesTheExceptionTypeMessageAndTraceback() throws Exception {
    try (var h =
        new WorkerHarness(app ->
            app.register(
                "demo.fail",
                c -> {
                  throw new IllegalStateException(c.arg(0, String.class));
                }))) {
      h.start();
      AsyncResult r = h.app.task("demo.fail").delay("boom");
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("IllegalStateException");
                assertThat(e.excMessage()).isEqualTo("boom");
                assertThat(e.excModule()).isEqualTo("java.lang");
                assertThat(e.remoteTraceback()).contains("IllegalStateException: boom");
              });
      assertThat(r.failed()).isTrue();
      assertThat(r.traceback()).contains("Traceback");
    }
  }

  @Test
  void anUnknownIdIsPending() throws Exception {
    try (var h = new WorkerHarness(app -> {})) {
      assertThat(h.app.asyncResult("no-such-id").state()).isEqualTo(TaskState.PENDING);
    }
  }

  @Test
  void aCountdownTaskWaitsInTheTimerUntilItsEta() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (var h = new WorkerHarness(app -> app.register("t.count", c -> runs.incrementAndGet()))) {
      Worker w = h.start();
      AsyncResult r =
          h.app
              .task("t.count")
              .applyAsync(
                  List.of(),
                  Map.of(),
                  SendOptions.builder().countdown(Duration.ofSeconds(10)).build());
      await().atMost(WAIT).until(() -> w.control().scheduled().size() == 1);
      h.time.advance(Duration.ofSeconds(9));
      assertThat(runs).hasValue(0);
      assertThat(r.state()).isEqualTo(TaskState.PENDING);
      h.time.advance(Duration.ofSeconds(1));
      assertThat(r.get(WAIT).asInt()).isEqualTo(1);
      assertThat(w.control().scheduled()).isEmpty();
    }
  }

  @Test
  void anExpiredTaskIsNotRunAndBecomesRevoked() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (var h = new WorkerHarness(app -> app.register("t.exp", c -> runs.incrementAndGet()))) {
      AsyncResult r =
          h.app
              .task("t.exp")
              .applyAsync(
                  List.of(),
                  Map.of(),
                  SendOptions.builder()
                      .countdown(Duration.ofSeconds(5))
                      .expires(Duration.ofSeconds(3))
                      .build());
      h.start();
      await().atMost(WAIT).until(() -> h.worker.control().scheduled().size() == 1);
      h.time.advance(Duration.ofSeconds(5));
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.state()).isEqualTo("REVOKED");
                assertThat(e.excMessage()).isEqualTo("expired");
              });
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void aRevokedTaskThatWasAlreadyPrefetchedNeverRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (var h = new WorkerHarness(app -> app.register("t.rev", c -> runs.incrementAndGet()))) {
      Worker w = h.start();
      AsyncResult r =
          h.app
              .task("t.rev")
              .applyAsync(
                  List.of(),
                  Map.of(),
                  SendOptions.builder().countdown(Duration.ofSeconds(30)).build());
      await().atMost(WAIT).until(() -> w.control().scheduled().size() == 1);
      w.control().revoke(List.of(r.id()), false, "SIGTERM");
      h.time.advance(Duration.ofSeconds(60));
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class, e -> assertThat(e.state()).isEqualTo("REVOKED"));
      assertThat(runs).hasValue(0);
      assertThat(w.control().revokedIds()).contains(r.id());
    }
  }

  @Test
  void revokeWithTerminateInterruptsARunningTask() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    try (var h =
        new WorkerHarness(app ->
            app.register(
                "t.long",
                c -> {
                  started.countDown();
                  new CountDownLatch(1).await();
                  return "never";
                }))) {
      Worker w = h.start();
      AsyncResult r = h.app.task("t.long").delay();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(w.control().revoke(List.of(r.id()), true, "SIGKILL")).containsExactly(r.id());
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.state()).isEqualTo("REVOKED");
                assertThat(e.excMessage()).isEqualTo("terminated");
              });
      await().atMost(WAIT).until(() -> w.control().active().isEmpty());
    }
  }

  @Test
  void startedIsVisibleWhileATaskRunsWhenTrackStartedIsOn() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (var h =
        new WorkerHarness(
            app ->
                app.register(
                    "t.track",
                    c -> {
                      started.countDown();
                      release.await();
                      return 1;
                    }),
            c -> c.taskTrackStarted(true))) {
      h.start();
      AsyncResult r = h.app.task("t.track").delay();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(WAIT).until(() -> r.state() == TaskState.STARTED);
      assertThat(r.record().orElseThrow().result().get("hostname").asText())
          .isEqualTo("w1@testhost");
      release.countDown();
      assertThat(r.get(WAIT).asInt()).isEqualTo(1);
    }
  }

  @Test
  void aTaskRetriesWithItsCountdownAndFailsWithTheOriginalErrorPastMaxRetries() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (var h =
        new WorkerHarness(app ->
            app.register(
                "t.retry",
                TaskOptions.DEFAULTS.withMaxRetries(2),
                c -> {
                  attempts.incrementAndGet();
                  throw c.context()
                      .retry(Duration.ofSeconds(5), new IllegalArgumentException("nope"), null);
                }))) {
      Worker w = h.start();
      AsyncResult r = h.app.task("t.retry").delay();
      for (int i = 1; i <= 2; i++) {
        int n = i;
        await()
            .atMost(WAIT)
            .until(() -> attempts.get() == n && w.control().scheduled().size() == 1);
        assertThat(r.state()).isEqualTo(TaskState.RETRY);
        h.time.advance(Duration.ofSeconds(5));
      }
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("IllegalArgumentException");
                assertThat(e.excMessage()).isEqualTo("nope");
              });
      assertThat(attempts).hasValue(3);
    }
  }

  @Test
  void autoretryBacksOffExponentiallyWithinTheCap() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (var h =
        new WorkerHarness(app ->
            app.register(
                "t.auto",
                TaskOptions.DEFAULTS
                    .withMaxRetries(5)
                    .withAutoretry(
                        List.of(java.io.IOException.class), true, Duration.ofSeconds(4), false),
                c -> {
                  if (attempts.incrementAndGet() < 4) {
                    throw new java.io.IOException("flaky");
                  }
                  return "done";
                }))) {
      Worker w = h.start();
      AsyncResult r = h.app.task("t.auto").delay();
      long[] expectedDelays = {1, 2, 4};
      for (int i = 0; i < expectedDelays.length; i++) {
        int n = i + 1;
        await()
            .atMost(WAIT)
            .until(() -> attempts.get() == n && w.control().scheduled().size() == 1);
        h.time.advance(Duration.ofSeconds(expectedDelays[i]).minusMillis(1));
        assertThat(attempts).hasValue(n);
        h.time.advance(Duration.ofMillis(1));
      }
      assertThat(r.get(WAIT).asText()).isEqualTo("done");
    }
  }

  @Test
  void aRateLimitOfFivePerSecondAdmitsOneTaskEvery200Ms() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (var h = new WorkerHarness(app -> app.register("t.rl", c -> runs.incrementAndGet()))) {
      Worker w = h.start();
      w.control().setRateLimit("t.rl", "5/s");
      h.time.runDue();
      for (int i = 0; i < 10; i++) {
        h.app.task("t.rl").delay();
      }
      for (int step = 0; step <= 5; step++) {
        if (step > 0) {
          h.time.advance(Duration.ofMillis(200));
        }
        int expected = 1 + step;
        await()
            .atMost(WAIT)
            .until(() -> {
              h.time.runDue();
              return runs.get() >= expected;
            });
      }
      for (int i = 0; i < 3; i++) {
        h.time.runDue();
      }
      assertThat(runs).hasValue(6);
      assertThat(w.control().rateLimit("t.rl").perSecond()).isEqualTo(5.0);
    }
  }

  @Test
  void anUnknownTaskIsRejectedAndRecordedWhileTheWorkerCarriesOn() throws Exception {
    try (var h = new WorkerHarness(app -> app.register("t.ok", c -> "fine"))) {
      h.start();
      AsyncResult unknown = h.app.task("no.such.task").delay(1);
      AsyncResult ok = h.app.task("t.ok").delay();
      assertThat(ok.get(WAIT).asText()).isEqualTo("fine");
      assertThatThrownBy(() -> unknown.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("NotRegistered");
                assertThat(e.excMessage()).contains("no.such.task");
              });
      assertThat(h.broker.queueStats("celery").orElseThrow().messages()).isZero();
    }
  }

  @Test
  void aPickleMessageIsRejectedWithoutRequeueWhileTheWorkerCarriesOn() throws Exception {
    try (var h = new WorkerHarness(app -> app.register("t.ok", c -> "fine"))) {
      h.start();
      h.broker.publish(
          new OutgoingMessage(
              "",
              "celery",
              new MessageProperties(
                  "application/x-python-serialize",
                  "binary",
                  Map.of("task", "t.ok", "id", "p-1", "lang", "py"),
                  2,
                  0,
                  "p-1",
                  null,
                  null),
              "\u0080\u0004K\u0001.".getBytes(StandardCharsets.ISO_8859_1)));
      AsyncResult ok = h.app.task("t.ok").delay();
      assertThat(ok.get(WAIT).asText()).isEqualTo("fine");
      await().atMost(WAIT).until(() -> h.broker.queueStats("celery").orElseThrow().messages() == 0);
      assertThat(h.app.asyncResult("p-1").state()).isEqualTo(TaskState.PENDING);
    }
  }

  @Test
  void withAcksLateTheMessageIsAcknowledgedOnlyAfterTheTaskEnds() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (var h =
        new WorkerHarness(
            app ->
                app.register(
                    "t.late",
                    c -> {
                      started.countDown();
                      release.await();
                      return 1;
                    }),
            c -> c.taskAcksLate(true))) {
      Worker w = h.start();
      AsyncResult r = h.app.task("t.late").delay();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(w.control().active())
          .singleElement()
          .satisfies(t -> assertThat(t.acknowledged()).isFalse());
      release.countDown();
      assertThat(r.get(WAIT).asInt()).isEqualTo(1);
    }
  }

  @Test
  void warmShutdownFinishesRunningTasksAndReturnsScheduledOnes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (var h =
        new WorkerHarness(app ->
            app.register(
                "t.slow",
                c -> {
                  started.countDown();
                  release.await();
                  return "finished";
                }))) {
      Worker w = h.start();
      AsyncResult running = h.app.task("t.slow").delay();
      h.app
          .task("t.slow")
          .applyAsync(
              List.of(), Map.of(), SendOptions.builder().countdown(Duration.ofHours(1)).build());
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(WAIT).until(() -> w.control().scheduled().size() == 1);
      w.shutdown();
      assertThat(w.awaitStopped(Duration.ofMillis(50))).isFalse();
      release.countDown();
      assertThat(w.awaitStopped(WAIT)).isTrue();
      assertThat(running.get(WAIT).asText()).isEqualTo("finished");
      await().atMost(WAIT).until(() -> h.broker.queueStats("celery").orElseThrow().messages() == 1);
    }
  }

  @Test
  void linkedCallbacksReceiveTheResult() throws Exception {
    try (var h =
        new WorkerHarness(app -> {
          app.register("t.add", c -> c.arg(0, int.class) + c.arg(1, int.class));
          app.register("t.double", c -> c.arg(0, int.class) * 2);
        })) {
      h.start();
      var cb = h.app.task("t.double").s();
      AsyncResult r =
          h.app
              .task("t.add")
              .applyAsync(List.of(1, 2), Map.of(), SendOptions.builder().link(cb).build());
      assertThat(r.get(WAIT).asInt()).isEqualTo(3);
      await()
          .atMost(WAIT)
          .until(() ->
              h.backend.all().stream()
                  .anyMatch(rec ->
                      r.id().equals(rec.parentId())
                          && "SUCCESS".equals(rec.status())
                          && rec.result().asInt() == 6));
    }
  }
}
