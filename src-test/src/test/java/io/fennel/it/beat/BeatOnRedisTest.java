package io.fennel.it.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.beat.Beat;
import io.fennel.core.beat.BeatEntry;
import io.fennel.core.beat.BeatOptions;
import io.fennel.core.beat.BeatSender;
import io.fennel.core.beat.EntryState;
import io.fennel.core.beat.RedisScheduleStore;
import io.fennel.core.time.SystemScheduler;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Beats on a real Redis store sending to real RabbitMQ: a Python Celery worker runs what beat
 * sends, and three beats on one store send each run once.
 */
class BeatOnRedisTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  final String tag = UUID.randomUUID().toString().substring(0, 8);
  final String queue = "it.beat." + tag;
  final String storeUrl = "redis://127.0.0.1:6379/14?prefix=fennel.it.beat." + tag;
  final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void needBrokers() {
    Services.requireRabbit();
    Services.requireRedis();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).close();
    }
    try (RedisScheduleStore s = RedisScheduleStore.open(storeUrl)) {
      s.deleteAll();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    closers.add(c);
    return c;
  }

  private BeatEntry everySecond() {
    return BeatEntry.named("add")
        .task("demo.add")
        .every(Duration.ofSeconds(1))
        .args(2, 3)
        .queue(queue)
        .build();
  }

  private Beat beat(Fennel app, RedisScheduleStore store, String id) {
    return closing(
        Beat.start(
            List.of(everySecond()),
            store,
            BeatSender.of(app),
            closing(new SystemScheduler("it-beat-" + id)),
            BeatOptions.named(id)
                .withPollInterval(Duration.ofMillis(200))
                .withLeaseTtl(Duration.ofSeconds(2))));
  }

  @Test
  void givenABeatEntryWhenDueThenAPythonCeleryWorkerRunsItsTask() throws Exception {
    Services.requireCelery();
    Proc celery =
        closing(Python.worker(Services.RABBIT_URL, BACKEND, queue, "py-beat-" + tag + "@it"));
    await().atMost(Duration.ofSeconds(60)).until(() -> celery.output().contains(" ready."));
    Fennel app =
        closing(Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build());
    RedisScheduleStore store = closing(RedisScheduleStore.open(storeUrl));
    closing(new RabbitQueue(queue));
    beat(app, store, "b1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> state(store).totalRuns() >= 1 && state(store).pendingTaskId() == null);
    String id = state(store).lastTaskId();
    assertThat(app.asyncResult(id).get(Duration.ofSeconds(30)).asInt()).isEqualTo(5);
  }

  @Test
  void givenThreeBeatsOnOneStoreWhenTheyRunThenEachRunIsSentOnceByTheLeader() throws Exception {
    Fennel app = closing(Fennel.builder().brokerUrl(Services.RABBIT_URL).build());
    RabbitQueue q = closing(new RabbitQueue(queue));
    List<Beat> beats = new ArrayList<>();
    List<RedisScheduleStore> stores = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RedisScheduleStore s = closing(RedisScheduleStore.open(storeUrl));
      stores.add(s);
      beats.add(beat(app, s, "b" + i + "-" + tag));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> state(stores.get(0)).totalRuns() >= 6);
    beats.forEach(Beat::close);
    EntryState s = state(stores.get(0));
    assertThat(beats.stream().filter(Beat::leading)).isEmpty();
    List<Map<String, String>> sent = q.drain();
    assertThat(sent).hasSize((int) s.totalRuns());
    assertThat(new HashSet<>(sent.stream().map(m -> m.get("id")).toList())).hasSize(sent.size());
    assertThat(sent).allSatisfy(m -> assertThat(m.get("task")).isEqualTo("demo.add"));
  }

  static EntryState state(RedisScheduleStore store) {
    EntryState s = store.states(List.of("add")).get("add");
    return s == null ? EntryState.fresh(java.time.Instant.EPOCH) : s;
  }
}
