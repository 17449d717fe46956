package io.fennel.core.result.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.error.FennelException;
import io.fennel.core.testing.Services;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ResultRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/** The Redis result backend against a real Redis (db 15), in Celery's exact layout. */
class RedisBackendTest {
  private static final String URL = "redis://127.0.0.1:6379/15";

  private RedisBackend backend;
  private RedisClient raw;

  @BeforeEach
  void open() {
    Services.requireRedis();
    backend = new RedisBackend(URL, Duration.ofSeconds(3600));
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
    }
    if (raw != null) {
      raw.close();
    }
  }

  private static String newId() {
    return "fennel-test-" + UUID.randomUUID();
  }

  private static ResultRecord success(String id, int value) {
    return new ResultRecord(
        "SUCCESS",
        IntNode.valueOf(value),
        null,
        JsonNodeFactory.instance.arrayNode(),
        ResultRecord.formatDateDone(Instant.parse("2026-11-24T06:50:04.490821Z")),
        null,
        null,
        id,
        null);
  }

  private static ResultRecord started(String id) {
    ObjectNode r = JsonNodeFactory.instance.objectNode().put("pid", 4242).put("hostname", "w@h");
    return new ResultRecord(
        "STARTED", r, null, JsonNodeFactory.instance.arrayNode(), null, null, null, id, null);
  }

  @Test
  void storedRecordReadsBackEqualAndIsStoredAsItsExactJson() {
    String id = newId();
    ResultRecord r = success(id, 5);

    backend.store(r, null);

    assertThat(backend.get(id)).contains(r);
    assertThat(raw.get("celery-task-meta-" + id)).isEqualTo(r.toJson());
  }

  @Test
  void storedKeyLivesForResultExpires() {
    String id = newId();
    backend.store(success(id, 1), null);

    long ttl = raw.ttl("celery-task-meta-" + id);

    assertThat(ttl).isBetween(3590L, 3600L);
  }

  @Test
  void defaultResultExpiresIsCeleryOneDay() {
    try (RedisBackend b = new RedisBackend(URL)) {
      String id = newId();
      b.store(success(id, 1), null);
      assertThat(raw.ttl("celery-task-meta-" + id)).isBetween(86390L, 86400L);
    }
  }

  @Test
  void storePublishesTheSameJsonOnTheKeyChannel() throws Exception {
    String id = newId();
    ResultRecord r = success(id, 7);
    CompletableFuture<String> got = new CompletableFuture<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    redis.clients.jedis.JedisPubSub listener =
        new redis.clients.jedis.JedisPubSub() {
          @Override
          public void onSubscribe(String channel, int count) {
            subscribed.countDown();
          }

          @Override
          public void onMessage(String channel, String message) {
            got.complete(message);
            unsubscribe();
          }
        };
    Thread t = new Thread(() -> raw.subscribe(listener, "celery-task-meta-" + id), "test-sub");
    t.start();
    assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();

    backend.store(r, null);

    assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo(r.toJson());
    t.join(5000);
  }

  @Test
  void celeryCapturedSuccessRecordIsReadByGet() throws Exception {
    Path file = sharedDir().resolve("celery-wire/redis-backend/task-meta_SUCCESS.json");
    var capture = PythonJson.read("capture", Files.readString(file));
    String key = capture.get("key").textValue();
    String json = capture.get("value_raw").textValue();
    String id = key.substring("celery-task-meta-".length());
    raw.set(key, json, SetParams.setParams().ex(60));
    try {
      ResultRecord r = backend.get(id).orElseThrow();

      assertThat(r.status()).isEqualTo("SUCCESS");
      assertThat(r.result().intValue()).isEqualTo(5);
      assertThat(r.taskId()).isEqualTo(id);
      assertThat(r.dateDone()).isEqualTo("2026-11-24T06:50:04.490821");
      assertThat(r.toJson()).isEqualTo(json);
    } finally {
      raw.del(key);
    }
  }

  @Test
  void corruptStoredValueIsAnErrorNamingTheKey() {
    String id = newId();
    raw.set("celery-task-meta-" + id, "{not json", SetParams.setParams().ex(60));

    assertThatThrownBy(() -> backend.get(id))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("celery-task-meta-" + id)
        .hasCauseInstanceOf(io.fennel.protocol.ProtocolException.class);
  }

  @Test
  void missingRecordIsEmpty() {
    assertThat(backend.get(newId())).isEmpty();
  }

  @Test
  void awaitReturnsWhenAnotherThreadStoresTheResult() throws Exception {
    String id = newId();
    backend.watch(id);
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Optional<ResultRecord>> result =
        CompletableFuture.supplyAsync(() -> {
          waiting.countDown();
          try {
            return backend.await(id, Duration.ofSeconds(20));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

    try (RedisBackend worker = new RedisBackend(URL, Duration.ofSeconds(3600))) {
      worker.store(started(id), null);
      worker.store(success(id, 5), null);
    }

    assertThat(result.get(10, TimeUnit.SECONDS)).contains(success(id, 5));
  }

  @Test
  @SuppressWarnings("deprecation") // ACL has no typed call on RedisClient
  void awaitReadsTheKeyWhenTheServerRefusesTheSubscription() throws Exception {
    String user = "fennel-nosub-" + UUID.randomUUID();
    raw.sendCommand(
        Protocol.Command.ACL, "SETUSER", user, "on", ">pw", "~*", "&*", "+@all", "-subscribe");
    try (RedisBackend waiter =
        new RedisBackend("redis://" + user + ":pw@127.0.0.1:6379/15", Duration.ofSeconds(3600))) {
      String id = newId();
      CountDownLatch waiting = new CountDownLatch(1);
      CompletableFuture<Optional<ResultRecord>> result =
          CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
              return waiter.await(id, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
      assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
      backend.store(success(id, 7), null);
      assertThat(result.get(10, TimeUnit.SECONDS)).contains(success(id, 7));
    } finally {
      raw.sendCommand(Protocol.Command.ACL, "DELUSER", user);
    }
  }

  @Test
  void awaitReturnsPromptlyWhenAlreadyStored() throws Exception {
    String id = newId();
    backend.store(success(id, 9), null);
    long t0 = System.nanoTime();

    Optional<ResultRecord> r = backend.await(id, Duration.ofSeconds(30));

    assertThat(r).contains(success(id, 9));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void awaitTimesOutReturningTheLastNotReadyState() throws Exception {
    String id = newId();
    backend.store(started(id), null);

    Optional<ResultRecord> r = backend.await(id, Duration.ofMillis(300));

    assertThat(r).contains(started(id));
  }

  @Test
  void manyConcurrentAwaitsOnDifferentTasksAllComplete() throws Exception {
    List<String> ids = java.util.stream.IntStream.range(0, 20).mapToObj(i -> newId()).toList();
    List<CompletableFuture<Optional<ResultRecord>>> waits =
        ids.stream()
            .map(id ->
                CompletableFuture.supplyAsync(() -> {
                  try {
                    return backend.await(id, Duration.ofSeconds(20));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                }))
            .toList();
    for (int i = 0; i < ids.size(); i++) {
      backend.store(success(ids.get(i), i), null);
    }
    for (int i = 0; i < ids.size(); i++) {
      assertThat(waits.get(i).get(10, TimeUnit.SECONDS)).contains(success(ids.get(i), i));
    }
  }

  @Test
  void forgetDeletesTheKey() {
    String id = newId();
    backend.store(success(id, 1), null);

    backend.forget(id);

    assertThat(raw.exists("celery-task-meta-" + id)).isFalse();
    assertThat(backend.get(id)).isEmpty();
  }

  @Test
  void unreachableRedisGivesAClearMessage() {
    try (RedisBackend down = new RedisBackend("redis://127.0.0.1:6399/1")) {
      assertThatThrownBy(() -> down.get("x"))
          .isInstanceOf(FennelException.class)
          .hasMessage(
              "cannot reach result backend redis://127.0.0.1:6399/1 (connection refused);"
                  + " start Redis or pass --result-backend");
      assertThatThrownBy(() -> down.await("x", Duration.ofSeconds(5)))
          .isInstanceOf(FennelException.class)
          .hasMessageContaining("cannot reach result backend redis://127.0.0.1:6399/1");
    }
  }

  @Test
  void urlMasksThePassword() {
    try (RedisBackend b = new RedisBackend("redis://:s3cret@127.0.0.1:6379/2")) {
      assertThat(b.url()).isEqualTo("redis://:***@127.0.0.1:6379/2");
    }
  }

  static Path sharedDir() {
    String p = System.getProperty("fennel.shared.dir");
    return p != null ? Path.of(p) : Path.of("../../shared");
  }
}
