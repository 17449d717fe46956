package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.OwnRedis;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;

/**
 * Fault: on the Redis broker, messages a dead consumer had taken without acknowledging waited for a
 * fixed 100 s restore, not the visibility timeout (10 s took 104 s). Now a consumer dies holding
 * 100 of 300 messages (a raw client does what it leaves behind: each popped from the queue and
 * recorded in kombu's {@code unacked}/{@code unacked_index}), a worker with a 3 s visibility
 * timeout that was already consuming when they went stale restores them on the timeout's own period
 * and runs them, well before 100 s. Counts: sent, completed, lost, duplicated.
 */
class RedisVisibilityRestoreTest {
  private static final int SENT = 300;
  private static final int STRANDED = 100;
  private static final int VISIBILITY_SECONDS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void messagesADeadConsumerHeldComeBackSoonAfterTheVisibilityTimeout() throws Exception {
    Services.requireRedisServer();
    String queue = "it.faults.visibility." + UUID.randomUUID();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    try (OwnRedis redis = OwnRedis.start()) {
      String broker = redis.url(0) + "?visibility_timeout=" + VISIBILITY_SECONDS;
      try (Fennel app =
              Fennel.builder()
                  .brokerUrl(broker)
                  .resultBackend(redis.url(1))
                  .configure(c -> c.workerConcurrency(4).taskAcksLate(true))
                  .build();
          RedisClient raw = RedisClient.create(redis.url(0))) {
        app.register(
            "fault.visible",
            c ->
                runs.computeIfAbsent(c.arg(0, Long.class), k -> new AtomicInteger())
                    .incrementAndGet());
        SendOptions toQueue = SendOptions.builder().queue(queue).build();
        List<String> ids = new ArrayList<>();
        for (long i = 0; i < SENT; i++) {
          ids.add(app.sendTask("fault.visible", List.of(i), Map.of(), toQueue).id());
        }
        long strandedAt = System.nanoTime(); // before the first is taken: a lower bound
        Set<Long> stranded = strand(raw, queue, STRANDED);
        assertThat(stranded).hasSize(STRANDED);

        Worker worker = app.worker(app.workerOptions("visibility@%h", List.of(queue)));
        worker.start();
        try {
          // The worker runs what is in the queue at once; the stranded ones are younger than
          // the visibility timeout when it starts, so only the periodic restore brings them.
          await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= SENT - STRANDED);
          await()
              .atMost(Duration.ofSeconds(VISIBILITY_SECONDS + 27))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> runs.keySet().containsAll(stranded));
          Duration restoredAfter = Duration.ofNanos(System.nanoTime() - strandedAt);
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(250))
              .until(() -> succeeded(app, ids) == SENT);
          long completed = succeeded(app, ids);
          long lost = SENT - runs.size();
          long duplicated = runs.values().stream().filter(n -> n.get() > 1).count();
          System.out.printf(
              "redis visibility restore: sent %d, stranded %d, completed %d, lost %d, duplicated"
                  + " %d; stranded ones ran %d ms after the consumer died%n",
              SENT, STRANDED, completed, lost, duplicated, restoredAfter.toMillis());
          assertThat(restoredAfter)
              .as("restored on the visibility timeout, not the 100 s period")
              .isGreaterThanOrEqualTo(Duration.ofSeconds(VISIBILITY_SECONDS))
              .isLessThan(Duration.ofSeconds(30));
          assertThat(completed).as("completed").isEqualTo(SENT);
          assertThat(lost).as("lost").isZero();
          assertThat(duplicated).as("duplicated: the dead consumer never ran them").isZero();
          await().atMost(Duration.ofSeconds(10)).until(() -> raw.hlen("unacked") == 0);
        } finally {
          worker.shutdown();
          worker.awaitStopped(Duration.ofSeconds(30));
        }
      }
    }
  }

  /**
   * What a consumer that took {@code n} messages and died leaves behind: each popped from the queue
   * and recorded, in one transaction, in {@code unacked} (tag to {@code [envelope, exchange,
   * routing_key]}) and {@code unacked_index} (tag to the time taken). Returns their arguments.
   */
  private static Set<Long> strand(RedisClient raw, String queue, int n) throws Exception {
    Set<Long> taken = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String envelope = raw.rpop(queue);
      JsonNode env = JSON.readTree(envelope);
      JsonNode props = env.get("properties");
      String tag = props.get("delivery_tag").asText();
      JsonNode info = props.path("delivery_info");
      String entry =
          "["
              + envelope
              + ", "
              + JSON.writeValueAsString(info.path("exchange").asText(""))
              + ", "
              + JSON.writeValueAsString(info.path("routing_key").asText(queue))
              + "]";
      try (AbstractTransaction tx = raw.multi()) {
        tx.zadd("unacked_index", System.currentTimeMillis() / 1000.0, tag);
        tx.hset("unacked", tag, entry);
        tx.exec();
      }
      String body =
          new String(
              java.util.Base64.getDecoder().decode(env.get("body").asText()),
              java.nio.charset.StandardCharsets.UTF_8);
      taken.add(JSON.readTree(body).get(0).get(0).asLong());
    }
    return taken;
  }

  private static long succeeded(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> "SUCCESS".equals(app.asyncResult(id).status())).count();
  }
}
