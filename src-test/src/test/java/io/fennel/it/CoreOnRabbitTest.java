package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.task.TaskOptions;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.Services;
import io.fennel.protocol.state.TaskState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The core engine's behaviours on the machine's real RabbitMQ, with results in Redis and the
 * worker's agent taking remote revokes: retries with backoff, countdown, expiry, revoke (queued and
 * running), STARTED, rate limits, and refused messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoreOnRabbitTest {
  static final String BACKEND = "redis://127.0.0.1:6379/13";
  static final Duration WAIT = Duration.ofSeconds(30);

  final String queue = "it.core." + UUID.randomUUID();
  final AtomicInteger retryAttempts = new AtomicInteger();
  final List<Long> rateStarts = Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch longStarted = new CountDownLatch(1);
  Fennel app;
  Worker worker;
  WorkerAgent agent;

  @BeforeAll
  void start() {
    Services.requireRabbit();
    Services.requireRedis();
    app =
        Fennel.builder()
            .brokerUrl(Services.RABBIT_URL)
            .resultBackend(BACKEND)
            .configure(c -> c.taskTrackStarted(true).taskDefaultQueue(queue).workerConcurrency(4))
            .build();
    app.register("it.add", c -> c.arg(0, int.class) + c.arg(1, int.class));
    app.register("it.now", c -> System.currentTimeMillis());
    app.register(
        "it.flaky",
        TaskOptions.DEFAULTS
            .withMaxRetries(2)
            .withAutoretry(List.of(IOException.class), true, Duration.ofSeconds(2), false),
        c -> {
          retryAttempts.incrementAndGet();
          throw new IOException("still down (retry " + c.context().retries() + ")");
        });
    app.register(
        "it.long",
        c -> {
          longStarted.countDown();
          new CountDownLatch(1).await();
          return "never";
        });
    app.register(
        "it.limited",
        c -> {
          rateStarts.add(System.nanoTime());
          return null;
        });
    worker = app.worker(app.workerOptions("core-it@%h", List.of(queue)));
    agent = WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS);
    worker.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (worker != null) {
      worker.shutdownNow();
      worker.awaitStopped(WAIT);
      agent.close();
      app.unsafe().broker().purge(queue);
      app.close();
    }
  }

  @Test
  void autoretryBacksOffAndFailsWithTheOriginalErrorPastMaxRetries() {
    long t0 = System.nanoTime();
    AsyncResult r = app.task("it.flaky").delay();
    assertThatThrownBy(() -> r.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.excType()).isEqualTo("IOException");
              assertThat(e.excMessage()).isEqualTo("still down (retry 2)");
            });
    assertThat(retryAttempts).hasValue(3);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .as("backoff of 1 s then 2 s between the attempts")
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
  }

  @Test
  void aCountdownTaskRunsNoSoonerThanItsEta() {
    long sent = System.currentTimeMillis();
    AsyncResult r =
        app.task("it.now")
            .applyAsync(
                List.of(),
                Map.of(),
                SendOptions.builder().countdown(Duration.ofSeconds(2)).build());
    assertThat(r.get(WAIT).asLong()).isGreaterThanOrEqualTo(sent + 2000);
  }

  @Test
  void anExpiredTaskIsRevokedAndNeverRuns() {
    AsyncResult r =
        app.task("it.now")
            .applyAsync(
                List.of(),
                Map.of(),
                SendOptions.builder()
                    .countdown(Duration.ofSeconds(2))
                    .expires(Duration.ofSeconds(1))
                    .build());
    assertThatThrownBy(() -> r.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.state()).isEqualTo("REVOKED");
              assertThat(e.excMessage()).isEqualTo("expired");
            });
  }

  @Test
  void aQueuedTaskRevokedRemotelyNeverRuns() {
    AsyncResult r =
        app.task("it.now")
            .applyAsync(
                List.of(),
                Map.of(),
                SendOptions.builder().countdown(Duration.ofSeconds(20)).build());
    await()
        .atMost(WAIT)
        .until(() -> worker.control().scheduled().stream().anyMatch(t -> t.id().equals(r.id())));
    r.revoke(false);
    assertThatThrownBy(() -> r.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class, e -> assertThat(e.state()).isEqualTo("REVOKED"));
  }

  @Test
  void aRunningTaskIsStartedAndRevokeWithTerminateStopsIt() throws Exception {
    AsyncResult r = app.task("it.long").delay();
    assertThat(longStarted.await(30, TimeUnit.SECONDS)).isTrue();
    await().atMost(WAIT).until(() -> r.state() == TaskState.STARTED);
    r.revoke(true);
    assertThatThrownBy(() -> r.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.state()).isEqualTo("REVOKED");
              assertThat(e.excMessage()).isEqualTo("terminated");
            });
  }

  @Test
  void aRateLimitOfFivePerSecondHolds() {
    worker.control().setRateLimit("it.limited", "5/s");
    List<AsyncResult> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(app.task("it.limited").delay());
    }
    sent.forEach(r -> r.get(WAIT));
    List<Long> starts = new ArrayList<>(rateStarts);
    Collections.sort(starts);
    assertThat(starts).hasSize(10);
    // A token every 200 ms: over the nine gaps the starts take at least 1.8 s, and no single gap
    // is a burst (a late thread wake-up may shorten one gap by a few tens of milliseconds).
    assertThat(Duration.ofNanos(starts.get(9) - starts.get(0)))
        .as("nine gaps")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1_800 - 60));
    for (int i = 1; i < starts.size(); i++) {
      assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 1)))
          .as("gap before start %d", i)
          .isGreaterThanOrEqualTo(Duration.ofMillis(140));
    }
  }

  @Test
  void anUnknownTaskAndAPickleMessageAreRefusedWhileTheWorkerKeepsGoing() {
    AsyncResult unknown = app.task("it.no.such.task").delay(1);
    app.unsafe()
        .broker()
        .publish(
            new OutgoingMessage(
                "",
                queue,
                new MessageProperties(
                    "application/x-python-serialize",
                    "binary",
                    Map.of("task", "it.add", "id", "pickled-" + UUID.randomUUID(), "lang", "py"),
                    2,
                    0,
                    null,
                    null,
                    null),
                "\u0080\u0004K\u0001.".getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(app.task("it.add").delay(2, 3).get(WAIT).asInt()).isEqualTo(5);
    assertThatThrownBy(() -> unknown.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class, e -> assertThat(e.excType()).isEqualTo("NotRegistered"));
    await()
        .atMost(WAIT)
        .until(() -> app.unsafe().broker().queueStats(queue).orElseThrow().messages() == 0);
  }
}
