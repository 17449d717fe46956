package io.fennel.core.broker.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.testing.Services;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.redis.RedisEnvelope;
import io.fennel.protocol.redis.RedisKeys;
import io.fennel.protocol.redis.UnackedEntry;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageCodec;
import io.fennel.protocol.task.TaskProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What Redis holds and sends when Fennel uses it as kombu's Redis transport does. */
class RedisBrokerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private RedisClient raw;
  private RedisBroker broker;
  private final List<String> queues = new ArrayList<>();
  private final List<String> exchanges = new ArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();

  @BeforeAll
  static void redisIsRunning() {
    Services.requireRedis();
  }

  @BeforeEach
  void open() {
    raw = RedisTesting.raw();
    broker = RedisBroker.open(RedisTesting.URL);
  }

  @AfterEach
  void close() {
    subscriptions.forEach(Subscription::close);
    broker.close();
    RedisTesting.deleteQueues(queues);
    RedisTesting.deleteExchanges(exchanges);
    raw.close();
  }

  @Test
  void aTaskMessageIsPushedAsTheExactEnvelopeCeleryPushes() throws Exception {
    String captured = capturedEnvelope("LPUSH__celery.json");
    TaskMessage task = RedisEnvelope.decode(captured).toTaskMessage();
    String queue = queue("wire");

    broker.publish(new OutgoingMessage("", queue, properties(task), body(task)));

    List<String> items = raw.lrange(queue, 0, -1);
    assertThat(items).hasSize(1);
    String pushed = items.get(0);
    String tag = RedisEnvelope.decode(pushed).properties().deliveryTag();
    assertThat(tag).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    String expected =
        captured
            .replace("\"routing_key\": \"celery\"", "\"routing_key\": \"" + queue + "\"")
            .replace("c638c1c7-8450-42aa-9ec4-bd4e7d76778d", tag);
    assertThat(pushed).isEqualTo(expected);
  }

  @Test
  void priorityFiveGoesToTheStepThreeListAndKeepsItsPriority() {
    String queue = queue("priority");
    MessageProperties p =
        new MessageProperties("text/plain", "utf-8", Map.of(), 2, 5, null, null, null);

    broker.publish(new OutgoingMessage("", queue, p, "five".getBytes(UTF_8)));

    assertThat(raw.llen(queue)).isZero();
    List<String> items = raw.lrange(queue + "\u0006\u00163", 0, -1);
    assertThat(items).hasSize(1);
    assertThat(RedisEnvelope.decode(items.get(0)).properties().priority()).isEqualTo(5);
    assertThat(broker.queueStats(queue)).map(s -> s.messages()).contains(1L);
  }

  @Test
  void lowerPriorityNumbersAreServedFirstAsKombuDoes() throws Exception {
    String queue = queue("order");
    publish(queue, "nine", 9);
    publish(queue, "five", 5);
    publish(queue, "zero", 0);
    Recorder r = consume(queue, 1);

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Delivery d = r.next();
      order.add(text(d));
      d.ack();
    }
    assertThat(order).containsExactly("zero", "five", "nine");
  }

  @Test
  void anUnackedDeliveryIsRecordedInUnackedAndTheIndexUntilAcked() throws Exception {
    String queue = queue("unacked");
    publish(queue, "work", 0);
    String pushed = raw.lindex(queue, 0);
    String tag = RedisEnvelope.decode(pushed).properties().deliveryTag();
    Recorder r = consume(queue, 1);
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
      Recorder r = new Recorder();
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
      Recorder r = new Recorder();
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
    Recorder first = new Recorder();
    Subscription s = broker.consume(queue, 2, first);
    await().atMost(WAIT).until(() -> first.received.size() == 2);

    s.close();

    Recorder second = consume(queue, 1);
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
    Recorder r = consume(queue, 1);

    r.next().reject(true);
    Delivery b = r.next();
    assertThat(text(b)).isEqualTo("b");
    b.ack();
    Delivery a = r.next();
    assertThat(text(a)).isEqualTo("a");
    assertThat(a.redelivered()).isTrue();
    a.ack();
  }

  @Test
  void aDirectExchangeRoutesThroughTheKombuBindingSet() {
    String exchange = exchange("reply", ExchangeType.DIRECT);
    String queue = queue("oid") + ".reply.celery.pidbox";
    queues.add(queue);
    broker.declareQueue(new QueueSpec(queue, false, false, true, Map.of()));
    broker.bind(queue, exchange, "oid-1");

    assertThat(raw.smembers(RedisKeys.bindingKey(exchange)))
        .containsExactly("oid-1\u0006\u0016\u0006\u0016" + queue);
    broker.publish(
        new OutgoingMessage(exchange, "oid-1", MessageProperties.json(Map.of(), 1), new byte[0]));
    broker.publish(
        new OutgoingMessage(exchange, "oid-2", MessageProperties.json(Map.of(), 1), new byte[0]));

    assertThat(raw.llen(queue)).isEqualTo(1);
    RedisEnvelope e = RedisEnvelope.decode(raw.lindex(queue, 0));
    assertThat(e.properties().exchange()).isEqualTo(exchange);
    assertThat(e.properties().routingKey()).isEqualTo("oid-1");
    assertThat(e.properties().correlationId()).isNull();
  }

  @Test
  void aFanoutMessageReachesEveryBoundQueuesConsumerAndNeedsNoAck() throws Exception {
    String exchange = exchange("pidbox", ExchangeType.FANOUT);
    String one = queue("node1");
    String two = queue("node2");
    for (String q : List.of(one, two)) {
      broker.declareQueue(new QueueSpec(q, false, false, true, Map.of()));
      broker.bind(q, exchange, "");
    }
    assertThat(raw.smembers(RedisKeys.bindingKey(exchange)))
        .containsExactlyInAnyOrder(
            "\u0006\u0016\u0006\u0016" + one, "\u0006\u0016\u0006\u0016" + two);
    Recorder r1 = consume(one, 1);
    Recorder r2 = consume(two, 1);

    broker.publish(
        new OutgoingMessage(
            exchange, "", MessageProperties.json(Map.of("clock", 1), 2), "ping".getBytes(UTF_8)));

    for (Recorder r : List.of(r1, r2)) {
      Delivery d = r.next();
      assertThat(text(d)).isEqualTo("ping");
      assertThat(d.exchange()).isEqualTo(exchange);
      assertThat(d.properties().headers()).containsEntry("clock", 1);
      d.ack();
      assertThat(raw.hexists(RedisKeys.UNACKED, tagOf(d))).isFalse();
    }
    assertThat(raw.llen(one)).isZero();
  }

  @Test
  void aTopicBindingReceivesOnlyMatchingEventsOverPatternSubscriptions() throws Exception {
    String exchange = exchange("celeryev", ExchangeType.TOPIC);
    String queue = queue("gossip");
    broker.declareQueue(new QueueSpec(queue, false, true, true, Map.of()));
    broker.bind(queue, exchange, "worker.#");
    Recorder r = consume(queue, 0);

    for (String key : List.of("worker.heartbeat", "task.multi", "worker.offline")) {
      broker.publish(
          new OutgoingMessage(
              exchange, key, MessageProperties.json(Map.of(), 1), key.getBytes(UTF_8)));
    }

    assertThat(text(r.next())).isEqualTo("worker.heartbeat");
    assertThat(text(r.next())).isEqualTo("worker.offline");
    assertThat(r.pending).isEmpty();
  }

  @Test
  void channelAndPatternNamesFollowKombu() {
    RedisTopology t = new RedisTopology(2);
    t.declareExchange("celeryev", ExchangeType.TOPIC);
    t.declareExchange("celery.pidbox", ExchangeType.FANOUT);
    assertThat(t.publishChannel("celeryev", "task.multi")).isEqualTo("/2.celeryev/task.multi");
    assertThat(t.publishChannel("celery.pidbox", "")).isEqualTo("/2.celery.pidbox");
    assertThat(t.subscribePattern("celeryev", "worker.#")).isEqualTo("/2.celeryev/worker.*");
    assertThat(t.subscribePattern("celeryev", "#")).isEqualTo("/2.celeryev/*");
    assertThat(t.subscribePattern("celery.pidbox", "")).isEqualTo("/2.celery.pidbox");
    assertThat(t.isPubSub("reply.celery.pidbox")).isFalse();
    assertThat(UnackedLedger.epoch(Instant.parse("2026-11-24T06:51:44.132516900Z")))
        .isEqualTo("1795503104.1325169");
  }

  @Test
  void aTaskSentByPythonCeleryIsReceivedAndDecoded() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(python), "Python Celery 5.2.6 at /usr/bin/python3");
    String queue = queue("python");
    Recorder r = consume(queue, 1);
    Process p =
        new ProcessBuilder(
                python.toString(),
                "-c",
                "import sys; from celery import Celery\n"
                    + "app = Celery(broker='"
                    + RedisTesting.URL
                    + "')\n"
                    + "print(app.send_task('demo.add', (2, 3), queue=sys.argv[1]).id)",
                queue)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    String id = out.lines().reduce((a, b) -> b).orElseThrow();

    Delivery d = r.next();
    MessageProperties mp = d.properties();
    TaskMessage task =
        TaskMessageCodec.decode(
            new TaskProperties(
                mp.contentType(),
                mp.contentEncoding(),
                mp.deliveryMode(),
                mp.priority(),
                mp.correlationId(),
                mp.replyTo(),
                mp.expiration()),
            mp.headers(),
            d.body());
    assertThat(task.headers().task()).isEqualTo("demo.add");
    assertThat(task.headers().id()).isEqualTo(id);
    assertThat(task.body().args().toString()).isEqualTo("[2,3]");
    String unacked = raw.hget(RedisKeys.UNACKED, tagOf(d));
    TaskMessage fromEnvelope = UnackedEntry.decode(unacked).envelope().toTaskMessage();
    assertThat(fromEnvelope.headers().id()).isEqualTo(id);
    d.ack();
  }

  // --- helpers

  private String tagOf(Delivery d) {
    return ((RedisDelivery) d).tag();
  }

  private String queue(String what) {
    String q = RedisTesting.name(what);
    queues.add(q);
    return q;
  }

  private String exchange(String what, ExchangeType type) {
    String e = RedisTesting.name(what);
    exchanges.add(e);
    broker.declareExchange(e, type, false, false);
    return e;
  }

  private void publish(String queue, String body, int priority) {
    broker.publish(
        new OutgoingMessage(
            "",
            queue,
            new MessageProperties("text/plain", "utf-8", Map.of(), 2, priority, null, null, null),
            body.getBytes(UTF_8)));
  }

  private static String envelopeFor(String queue, String body) {
    return Envelopes.encode(
        new MessageProperties(
            "text/plain", "utf-8", Map.of("task", "demo.add"), 2, 0, null, null, null),
        body.getBytes(UTF_8),
        "",
        queue);
  }

  private Recorder consume(String queue, int prefetch) {
    Recorder r = new Recorder();
    subscriptions.add(broker.consume(queue, prefetch, r));
    return r;
  }

  private long unackedOf(String queue) {
    return raw.hvals(RedisKeys.UNACKED).stream()
        .filter(v -> v.contains("\"" + queue + "\""))
        .count();
  }

  private static String text(Delivery d) {
    return new String(d.body(), UTF_8);
  }

  private static MessageProperties properties(TaskMessage m) {
    TaskProperties p = m.properties();
    return new MessageProperties(
        p.contentType(),
        p.contentEncoding(),
        TaskMessageCodec.encodeHeaders(m.headers()),
        p.deliveryMode(),
        p.priority(),
        p.correlationId(),
        p.replyTo(),
        p.expiration());
  }

  private static byte[] body(TaskMessage m) {
    return TaskMessageCodec.encodeBody(m.body());
  }

  private static String capturedEnvelope(String file) throws Exception {
    Path path = sharedDir().resolve("celery-wire/redis-broker/commands/" + file);
    var capture = PythonJson.read("capture", Files.readString(path));
    var cmd = capture.get("cmd");
    return cmd.get(cmd.size() - 1).textValue();
  }

  private static Path sharedDir() {
    String p = System.getProperty("fennel.shared.dir");
    return p != null ? Path.of(p) : Path.of("../../shared");
  }

  /** Keeps every delivery in arrival order. */
  private static final class Recorder implements io.fennel.core.broker.DeliveryHandler {
    final List<Delivery> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    final BlockingQueue<Delivery> pending = new LinkedBlockingQueue<>();

    @Override
    public void handle(Delivery delivery) {
      received.add(delivery);
      pending.add(delivery);
    }

    Delivery next() throws InterruptedException {
      Delivery d = pending.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(d).as("a delivery within %s", WAIT).isNotNull();
      return d;
    }
  }
}
