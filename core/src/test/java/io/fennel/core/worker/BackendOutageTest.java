package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.time.ManualScheduler;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fault: while the result backend was away, results were dropped and the tasks acked. Now the write
 * is retried on the injected clock, the pool waits, and every result arrives once the backend is
 * back; with acks_late, a worker stopped during the outage sends the messages whose results never
 * reached the backend back to the queue instead of acknowledging them.
 */
class BackendOutageTest {
  /** A memory backend that refuses writes while {@code down}. */
  static final class Flaky implements ResultBackend {
    final MemoryBackend real = new MemoryBackend("memory://");
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger refused = new AtomicInteger();

    @Override
    public String url() {
      return "flaky://";
    }

    @Override
    public void store(ResultRecord record, String replyTo) {
      if (down.get()) {
        refused.incrementAndGet();
        throw new IllegalStateException("backend is down");
      }
      real.store(record, replyTo);
    }

    @Override
    public Optional<ResultRecord> get(String taskId) {
      return real.get(taskId);
    }

    @Override
    public Optional<ResultRecord> await(String taskId, Duration timeout)
        throws InterruptedException {
      return real.await(taskId, timeout);
    }

    @Override
    public void forget(String taskId) {
      real.forget(taskId);
    }

    @Override
    public void close() {
      real.close();
    }
  }

  private static boolean advance(ManualScheduler time) {
    time.advance(ResultWriter.RETRY.max());
    return true;
  }

  @Test
  void resultsWrittenWhileTheBackendIsAwayArriveWhenItIsBack() throws Exception {
    Flaky backend = new Flaky();
    MemoryBroker broker = new MemoryBroker();
    ManualScheduler time = new ManualScheduler(Instant.parse("2026-11-24T07:00:00Z"));
    try (Fennel app =
        Fennel.builder()
            .broker(broker)
            .backend(backend)
            .scheduler(time)
            .hostname("testhost")
            .configure(c -> c.workerConcurrency(2).workerPrefetchMultiplier(1))
            .build()) {
      app.register("t.one", c -> 1);
      Worker w = app.worker(app.workerOptions("w1@%h", List.of()));
      w.start();
      backend.down.set(true);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(app.task("t.one").delay().id());
      }
      await().until(() -> backend.refused.get() >= 2);
      // Both pool slots wait; the rest of the tasks stay in the queue (unacknowledged).
      assertThat(ids).noneMatch(id -> backend.real.get(id).isPresent());
      time.advance(Duration.ofSeconds(30));
      await().until(() -> backend.refused.get() >= 4); // still retrying, still nothing lost
      backend.down.set(false);
      await().until(() -> advance(time) && allSucceeded(backend, ids));
      w.shutdownNow();
      w.awaitStopped(Duration.ofSeconds(10));
    } finally {
      broker.close();
    }
  }

  @Test
  void withAcksLateAWorkerStoppedWhileTheBackendIsDownSendsUnstoredMessagesBack() throws Exception {
    Flaky backend = new Flaky();
    MemoryBroker broker = new MemoryBroker();
    ManualScheduler time = new ManualScheduler(Instant.parse("2026-11-24T07:00:00Z"));
    java.util.Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();
    try (Fennel app =
        Fennel.builder()
            .broker(broker)
            .backend(backend)
            .scheduler(time)
            .hostname("testhost")
            .configure(c -> c.workerConcurrency(2).workerPrefetchMultiplier(1).taskAcksLate(true))
            .build()) {
      app.register(
          "t.one",
          c -> runs.computeIfAbsent(c.context().id(), k -> new AtomicInteger()).incrementAndGet());
      backend.down.set(true);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(app.task("t.one").delay().id());
      }
      Worker first = app.worker(app.workerOptions("w1@%h", List.of()));
      first.start();
      // Both pool slots ran a task and wait for the backend; the other three stay queued.
      await().until(() -> backend.refused.get() >= 2 && runs.size() == 2);
      assertThat(messages(broker)).isEqualTo(3);

      first.shutdown();
      await().until(() -> advance(time) && first.awaitStopped(Duration.ofMillis(50)));
      // Not acknowledged: the two unstored ones are back in the queue with the three others.
      assertThat(messages(broker)).as("messages back in the queue").isEqualTo(5);
      assertThat(ids).noneMatch(id -> backend.real.get(id).isPresent());

      backend.down.set(false);
      Worker second = app.worker(app.workerOptions("w2@%h", List.of()));
      second.start();
      await().until(() -> allSucceeded(backend, ids));
      long lost = ids.stream().filter(id -> !runs.containsKey(id)).count();
      long duplicated = runs.values().stream().filter(n -> n.get() > 1).count();
      assertThat(lost).as("lost").isZero();
      assertThat(duplicated).as("run again: the two whose results were never stored").isEqualTo(2);
      assertThat(messages(broker)).isZero();
      second.shutdownNow();
      second.awaitStopped(Duration.ofSeconds(10));
    } finally {
      broker.close();
    }
  }

  private static long messages(MemoryBroker broker) {
    return broker.queueStats("celery").map(q -> q.messages()).orElse(-1L);
  }

  /** Whether the real backend behind {@code backend} holds SUCCESS for every id. */
  private static boolean allSucceeded(Flaky backend, List<String> ids) {
    return ids.stream()
        .allMatch(id ->
            backend
                .real
                .get(id)
                .flatMap(ResultRecord::state)
                .filter(s -> s == TaskState.SUCCESS)
                .isPresent());
  }
}
