package io.fennel.core.result.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.core.result.TasksetStore;
import io.fennel.core.testing.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The chord join and saved groups on a real Redis (db 15), in Celery 5.2.6's key layout. */
class RedisTasksetStoreTest {
  private static final String URL = "redis://127.0.0.1:6379/15";

  private RedisBackend backend;
  private TasksetStore store;
  private RedisClient raw;

  @BeforeEach
  void open() {
    Services.requireRedis();
    backend = new RedisBackend(URL, Duration.ofSeconds(3600));
    store = backend.tasksets().orElseThrow();
    raw =
        RedisClient.builder()
            .hostAndPort("127.0.0.1", 6379)
            .clientConfig(DefaultJedisClientConfig.builder().database(15).build())
            .build();
  }

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
      raw.close();
    }
  }

  @Test
  void theJoinUsesCeleryKeysAndTheLastPartGetsTheResultsInHeaderOrderThenTheKeysGo() {
    String g = "fennel-test-" + UUID.randomUUID();
    store.setChordSize(g, 2);
    assertThat(raw.get("celery-taskset-meta-" + g + ".s")).isEqualTo("2");

    assertThat(store.partReturned(g, 1, "id-b", "SUCCESS", IntNode.valueOf(4))).isEmpty();
    assertThat(raw.zrangeWithScores("celery-taskset-meta-" + g + ".j", 0, -1))
        .singleElement()
        .satisfies(t -> {
          assertThat(t.getElement()).isEqualTo("[1, \"id-b\", \"SUCCESS\", 4]");
          assertThat(t.getScore()).isEqualTo(1.0);
        });
    assertThat(raw.ttl("celery-taskset-meta-" + g + ".j")).isPositive();

    Optional<List<TasksetStore.ChordPart>> done =
        store.partReturned(g, 0, "id-a", "SUCCESS", IntNode.valueOf(2));

    assertThat(done.orElseThrow())
        .extracting(TasksetStore.ChordPart::taskId)
        .containsExactly("id-a", "id-b");
    assertThat(done.get().get(1).result().asInt()).isEqualTo(4);
    assertThat(raw.exists("celery-taskset-meta-" + g + ".j")).isFalse();
    assertThat(raw.exists("celery-taskset-meta-" + g + ".s")).isFalse();
  }

  @Test
  void partsRacingOnManyThreadsCompleteTheChordExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 10; round++) {
        String g = "fennel-test-" + UUID.randomUUID();
        int size = 8;
        store.setChordSize(g, size);
        List<Callable<Boolean>> parts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          int index = i;
          parts.add(() ->
              store
                  .partReturned(g, index, "id-" + index, "SUCCESS", IntNode.valueOf(index))
                  .isPresent());
        }
        int completions = 0;
        for (Future<Boolean> f : pool.invokeAll(parts)) {
          completions += f.get() ? 1 : 0;
        }
        assertThat(completions).as("round " + round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPartWithoutASizeNeverCompletesAndASavedGroupReadsBack() {
    String g = "fennel-test-" + UUID.randomUUID();
    assertThat(store.partReturned(g, 0, "x", "SUCCESS", IntNode.valueOf(1))).isEmpty();
    raw.del("celery-taskset-meta-" + g + ".j");
    var meta = JsonNodeFactory.instance.objectNode();
    meta.putArray("result").addArray().add(g).addNull();
    store.saveGroup(g, meta);
    assertThat(raw.get("celery-taskset-meta-" + g))
        .isEqualTo("{\"result\": [[\"" + g + "\", null]]}");
    assertThat(store.restoreGroup(g).orElseThrow()).isEqualTo(meta);
    store.forgetGroup(g);
    assertThat(store.restoreGroup(g)).isEmpty();
  }
}
