package io.fennel.core.broker.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.RecordingHandler;
import io.fennel.core.broker.Subscription;
import io.fennel.protocol.redis.RedisEnvelope;
import io.fennel.protocol.redis.RedisKeys;
import io.fennel.protocol.redis.UnackedEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kombu's ack emulation on Redis as Fennel keeps it: deliveries recorded in {@code unacked} and its
 * index until acked, put back on close, requeue and after the visibility timeout.
 */
class RedisUnackedTest extends RedisBrokerFixture {
  @Test
  void anUnackedDeliveryIsRecordedInUnackedAndTheIndexUntilAcked() throws Exception {
    String queue = queue("unacked");
    publish(queue, "work", 0);
    String pushed = raw.lindex(queue, 0);
    String tag = RedisEnvelope.decode(pushed).properties().deliveryTag();
    RecordingHandler r = consume(queue, 1);
    double before = Instant.now().getEpochSecond() - 1;

    Delivery d = r.next();

    String entry = raw.hget(RedisKeys.UNACKED, tag);
    assertThat(entry).isEqualTo("[" + pushed + ", \"\", \"" + queue + "\"]");
    UnackedEntry decoded = UnackedEntry.decode(entry);
    assertThat(decoded.exchange()).isEmpty();
    assertThat(decoded.routingKey()).isEqualTo(queue);
    assertThat(raw.zscore(RedisKeys.UNACKED_INDEX, tag)).isBetween(before, before + 60);

    d.ack();

    // the ack is written by the broker's ack thread, off the caller's
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> {
          assertThat(raw.hexists(RedisKeys.UNACKED, tag)).isFalse();
          assertThat(raw.zscore(RedisKeys.UNACKED_INDEX, tag)).isNull();
        });
  }

  @Test
  void theTakeRecordsEachEnvelopesOwnDeliveryTagWhateverItsShapeOrSize() throws Exception {
    String queue = queue("shapes");
    String big = envelopeFor(queue, "x".repeat(1_000_000)); // properties last, decoded alone
    String tail =
        "\"properties\": {\"delivery_info\": {\"exchange\": \"\", \"routing_key\": \""
            + queue
            + "\"}, \"body_encoding\": \"base64\", \"delivery_tag\": \"";
    String body =
        "\"body\": \"" + java.util.Base64.getEncoder().encodeToString("b".getBytes(UTF_8));
    // properties first, a decoy "properties" key nested in the last one: the whole envelope decodes
    String nested =
        "{"
            + tail
            + "tag-nested\"}, "
            + body
            + "\", \"headers\": {\"x\": "
            + "{\"properties\": {\"delivery_tag\": \"decoy-1\"}}}}";
    // no spaces, as JSON.stringify writes it, and a decoy inside a string value
    String compact =
        "{"
            + body
            + "\",\"headers\":{\"note\":\"\\\"properties\\\":"
            + " {\\\"delivery_tag\\\": \\\"decoy-2\\\"}\"},\"properties\":{"
            + "\"delivery_tag\":\"tag-compact\",\"delivery_info\":{\"routing_key\":\""
            + queue
            + "\"}}}";
    String bigTag = RedisEnvelope.decode(big).properties().deliveryTag();
    for (String envelope : List.of(big, nested, compact)) {
      raw.lpush(queue, envelope);
    }
    RecordingHandler r = consume(queue, 10);

    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Delivery d = r.next();
      tags.add(tagOf(d));
      assertThat(raw.hget(RedisKeys.UNACKED, tagOf(d)))
          .as("unacked entry of " + tagOf(d))
          .startsWith("[{");
    }

    assertThat(tags).containsExactly(bigTag, "tag-nested", "tag-compact");
    assertThat(raw.hexists(RedisKeys.UNACKED, "decoy-1")).isFalse();
    assertThat(raw.hexists(RedisKeys.UNACKED, "decoy-2")).isFalse();
  }

  @Test
  void closingWhileTheHandlerIsBusyPutsBackWhatWasTakenButNotYetHanded() throws Exception {
    String queue = queue("busy-close");
    for (int i = 0; i < 6; i++) {
      publish(queue, "m" + i, 0);
    }
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
    Subscription s =
        broker.consume(
            queue,
            4,
            d -> {
              handed.add(text(d));
              inHandler.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
    // the poller goes on taking into the free prefetch slots while the first is being handled
    await().atMost(WAIT).until(() -> raw.llen(queue) == 2);
    assertThat(unackedOf(queue)).isEqualTo(4);

    Thread closing = Thread.ofPlatform().start(s::close);
    await().atMost(WAIT).until(() -> closing.getState() == Thread.State.TIMED_WAITING);
    release.countDown();
    closing.join(10_000);

    assertThat(handed).containsExactly("m0");
    assertThat(
            raw.lrange(queue, 0, -1).stream()
                .map(e -> new String(RedisEnvelope.decode(e).bodyBytes(), UTF_8))
                .toList())
        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
    assertThat(unackedOf(queue)).isZero();
  }

  @Test
  void aDeadWorkersDeliveryOlderThanTheVisibilityTimeoutIsRestoredWhenAConsumerStarts()
      throws Exception {
    String queue = queue("restore");
    String stale = envelopeFor(queue, "stale");
    String fresh = envelopeFor(queue, "fresh");
    String staleTag = RedisEnvelope.decode(stale).properties().deliveryTag();
    String freshTag = RedisEnvelope.decode(fresh).properties().deliveryTag();
    double now = Instant.now().toEpochMilli() / 1000.0;
    // What a worker killed mid-task leaves behind: entries in unacked, nothing in the queue.
    raw.hset(RedisKeys.UNACKED, staleTag, "[" + stale + ", \"\", \"" + queue + "\"]");
    raw.zadd(RedisKeys.UNACKED_INDEX, now - 60, staleTag);
    raw.hset(RedisKeys.UNACKED, freshTag, "[" + fresh + ", \"\", \"" + queue + "\"]");
    raw.zadd(RedisKeys.UNACKED_INDEX, now - 5, freshTag);

    try (RedisBroker restarted = RedisBroker.open(RedisTesting.URL + "?visibility_timeout=30")) {
      assertThat(restarted.options().visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
      RecordingHandler r = new RecordingHandler();
      restarted.consume(queue, 1, r);

      Delivery d = r.next();
      assertThat(text(d)).isEqualTo("stale");
      assertThat(d.redelivered()).isTrue();
      assertThat(d.properties().headers()).doesNotContainKey("redelivered");
      d.ack();
      await().atMost(Duration.ofSeconds(5)).until(() -> !raw.hexists(RedisKeys.UNACKED, staleTag));
      assertThat(raw.hexists(RedisKeys.UNACKED, freshTag)).isTrue();
      assertThat(raw.exists(RedisKeys.UNACKED_MUTEX)).isFalse();
    } finally {
      raw.hdel(RedisKeys.UNACKED, freshTag);
      raw.zrem(RedisKeys.UNACKED_INDEX, freshTag);
    }
  }

  @Test
  void aDeliveryLostAfterTheConsumerStartedComesBackSoonAfterTheVisibilityTimeout()
      throws Exception {
    // Fault: with a 2 s visibility timeout the restore still ran only every 100 s.
    assertThat(RedisBrokerOptions.defaults().withVisibilityTimeout(Duration.ofSeconds(10)))
        .extracting(RedisBrokerOptions::restorePeriod)
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(RedisBrokerOptions.defaults().restorePeriod()).isEqualTo(Duration.ofSeconds(100));
    String queue = queue("late-restore");
    String lost = envelopeFor(queue, "lost");
    String tag = RedisEnvelope.decode(lost).properties().deliveryTag();
    double now = Instant.now().toEpochMilli() / 1000.0;
    // Lost 1 s ago by a dead worker: not yet past the 2 s visibility timeout when we start.
    raw.hset(RedisKeys.UNACKED, tag, "[" + lost + ", \"\", \"" + queue + "\"]");
    raw.zadd(RedisKeys.UNACKED_INDEX, now - 1, tag);
    try (RedisBroker restarted = RedisBroker.open(RedisTesting.URL + "?visibility_timeout=2")) {
      RecordingHandler r = new RecordingHandler();
      restarted.consume(queue, 1, r);
      Delivery d = r.next();
      assertThat(text(d)).isEqualTo("lost");
      d.ack();
    } finally {
      raw.hdel(RedisKeys.UNACKED, tag);
      raw.zrem(RedisKeys.UNACKED_INDEX, tag);
    }
  }

  @Test
  void restoreSkipsWhileAnotherProcessHoldsTheMutexAndMarksTheMessageAsKombuDoes() {
    String queue = queue("mutex");
    String stale = envelopeFor(queue, "late");
    String tag = RedisEnvelope.decode(stale).properties().deliveryTag();
    raw.hset(RedisKeys.UNACKED, tag, "[" + stale + ", \"\", \"" + queue + "\"]");
    raw.zadd(RedisKeys.UNACKED_INDEX, Instant.now().getEpochSecond() - 7200.0, tag);
    raw.set(RedisKeys.UNACKED_MUTEX, "someone-else");
    try {
      assertThat(broker.restoreVisible()).isZero();
      assertThat(raw.get(RedisKeys.UNACKED_MUTEX)).isEqualTo("someone-else");
    } finally {
      raw.del(RedisKeys.UNACKED_MUTEX);
    }

    assertThat(broker.restoreVisible()).isEqualTo(1);

    String restored = raw.lindex(queue, 0);
    assertThat(restored)
        .contains("\"redelivered\": true}, \"properties\"")
        .contains("\"routing_key\": \"" + queue + "\", \"redelivered\": true}");
    assertThat(raw.hexists(RedisKeys.UNACKED, tag)).isFalse();
    assertThat(raw.exists(RedisKeys.UNACKED_MUTEX)).isFalse();
  }

  @Test
  void closingWithUnsettledDeliveriesPutsThemBackToBeConsumedNextInOrder() throws Exception {
    String queue = queue("close");
    publish(queue, "a", 0);
    publish(queue, "b", 0);
    publish(queue, "c", 0);
    RecordingHandler first = new RecordingHandler();
    Subscription s = broker.consume(queue, 2, first);
    await().atMost(WAIT).until(() -> first.received.size() == 2);

    s.close();

    RecordingHandler second = consume(queue, 1);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Delivery d = second.next();
      order.add(text(d) + (d.redelivered() ? "*" : ""));
      d.ack();
    }
    assertThat(order).containsExactly("a*", "b*", "c");
  }

  @Test
  void rejectWithRequeueGoesToTheBackOfTheQueueAsInKombu() throws Exception {
    String queue = queue("reject");
    publish(queue, "a", 0);
    publish(queue, "b", 0);
    RecordingHandler r = consume(queue, 1);

    r.next().reject(true);
    Delivery b = r.next();
    assertThat(text(b)).isEqualTo("b");
    b.ack();
    Delivery a = r.next();
    assertThat(text(a)).isEqualTo("a");
    assertThat(a.redelivered()).isTrue();
    a.ack();
  }
}
