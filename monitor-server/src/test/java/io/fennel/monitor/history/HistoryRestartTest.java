package io.fennel.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.Captures;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.protocol.state.TaskState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Needs Redis on 127.0.0.1:6379 (db 11). */
class HistoryRestartTest {
  private static final String REDIS = "redis://127.0.0.1:6379/11";
  private final String key = "fennel:monitor:test:" + UUID.randomUUID();

  @AfterEach
  void dropStream() {
    try (RedisClient r = RedisClient.create(URI.create(REDIS))) {
      r.del(key);
    }
  }

  private Monitor start(MemoryBroker broker) {
    return Monitor.start(
        MonitorOptions.builder()
            .broker(broker)
            .port(0)
            .scheduler(new ManualScheduler(Instant.ofEpochSecond(1_795_503_010L)))
            .history(REDIS)
            .historyKey(key)
            .build());
  }

  @Test
  void aRestartedConsoleShowsTheSameTasksAndWorkers() {
    List<Captures.Message> sent = new ArrayList<>();
    Captures.timelines().forEach(t -> sent.addAll(t.messages()));
    sent.addAll(Captures.workerMessages());
    int events = Captures.eventCount(sent);
    List<String> tasksBefore;
    try (MemoryBroker broker = new MemoryBroker();
        Monitor first = start(broker)) {
      assertThat(first.historyEnabled()).isTrue();
      Captures.publish(broker, sent);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> first.receiver().ingestedCount() == events);
      first.flushHistory(5_000);
      tasksBefore =
          first.state().tasks(io.fennel.monitor.state.TaskQuery.ALL).stream()
              .map(t -> t.uuid() + t.state())
              .sorted()
              .toList();
    }
    try (MemoryBroker broker = new MemoryBroker();
        Monitor second = start(broker)) {
      assertThat(second.replayedCount()).isEqualTo(sent.size());
      List<String> tasksAfter =
          second.state().tasks(io.fennel.monitor.state.TaskQuery.ALL).stream()
              .map(t -> t.uuid() + t.state())
              .sorted()
              .toList();
      assertThat(tasksAfter).isEqualTo(tasksBefore);
      assertThat(second.state().workerNames()).containsExactly("wire@vm");
      assertThat(second.state().task("d751d996-47ed-49ce-acc5-8cd113e6fe22").orElseThrow().state())
          .isEqualTo(TaskState.FAILURE);
      assertThat(second.receiver().ingestedCount()).isZero();
    }
  }
}
