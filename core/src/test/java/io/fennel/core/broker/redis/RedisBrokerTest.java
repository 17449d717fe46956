package io.fennel.core.broker.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.RecordingHandler;
import io.fennel.core.broker.Subscription;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.redis.RedisEnvelope;
import io.fennel.protocol.redis.RedisKeys;
import io.fennel.protocol.redis.UnackedEntry;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageCodec;
import io.fennel.protocol.task.TaskProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What Redis holds and sends when Fennel uses it as kombu's Redis transport does. */
class RedisBrokerTest extends RedisBrokerFixture {
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
  void aConsumerWithoutPrefetchLimitTakesABurstLargerThanItsHandOffWhileNothingIsSettled()
      throws Exception {
    String queue = queue("unlimited");
    int burst = 3 * RedisListConsumer.MAX_HANDING;
    for (int i = 0; i < burst; i++) {
      publish(queue, "m" + i, 0);
    }

    RecordingHandler r = consume(queue, 0);

    await().atMost(WAIT).until(() -> r.received.size() == burst);
    assertThat(raw.llen(queue)).isZero();
  }

  @Test
  void lowerPriorityNumbersAreServedFirstAsKombuDoes() throws Exception {
    String queue = queue("order");
    publish(queue, "nine", 9);
    publish(queue, "five", 5);
    publish(queue, "zero", 0);
    RecordingHandler r = consume(queue, 1);

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Delivery d = r.next();
      order.add(text(d));
      d.ack();
    }
    assertThat(order).containsExactly("zero", "five", "nine");
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
    RecordingHandler r1 = consume(one, 1);
    RecordingHandler r2 = consume(two, 1);

    broker.publish(
        new OutgoingMessage(
            exchange, "", MessageProperties.json(Map.of("clock", 1), 2), "ping".getBytes(UTF_8)));

    for (RecordingHandler r : List.of(r1, r2)) {
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
  void givenAHandlerThatInterruptsItsThread_whenItsSessionEnds_thenNoSubscribedConnectionIsReused()
      throws Exception {
    String exchange = exchange("pidbox", ExchangeType.FANOUT);
    String queue = queue("interrupting");
    broker.declareQueue(new QueueSpec(queue, false, false, true, Map.of()));
    broker.bind(queue, exchange, "");
    AtomicInteger heard = new AtomicInteger();
    Subscription s =
        broker.consume(
            queue,
            1,
            d -> {
              heard.incrementAndGet();
              Thread.currentThread().interrupt(); // ends the pub/sub session while subscribed
            });
    try {
      OutgoingMessage ping =
          new OutgoingMessage(
              exchange, "", MessageProperties.json(Map.of(), 1), "ping".getBytes(UTF_8));
      // the first ping ends a session, the listener subscribes again and hears later ones
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> {
            broker.publish(ping);
            return heard.get() >= 2;
          });
      // A connection handed back to the pool still subscribed would take the next command (the
      // pool lends the last one returned) and answer it with a pushed ping or a refusal.
      for (int i = 0; i < 20; i++) {
        broker.publish(ping);
        assertThat(broker.purge(queue("other"))).isZero();
      }
    } finally {
      s.close();
    }
  }

  @Test
  void aTopicBindingReceivesOnlyMatchingEventsOverPatternSubscriptions() throws Exception {
    String exchange = exchange("celeryev", ExchangeType.TOPIC);
    String queue = queue("gossip");
    broker.declareQueue(new QueueSpec(queue, false, true, true, Map.of()));
    broker.bind(queue, exchange, "worker.#");
    RecordingHandler r = consume(queue, 0);

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
    RecordingHandler r = consume(queue, 1);
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
}
