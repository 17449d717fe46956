package io.fennel.core.broker.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.RecordingHandler;
import io.fennel.core.broker.Subscription;
import io.fennel.core.testing.Services;
import io.fennel.protocol.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.RedisClient;

/**
 * A broker on the test database for each test, with what the Redis broker tests share: fresh queue
 * and exchange names deleted afterwards, a raw client to look at what Redis holds, and a recorder
 * of deliveries.
 */
abstract class RedisBrokerFixture {
  static final Duration WAIT = Duration.ofSeconds(10);

  RedisClient raw;
  RedisBroker broker;
  final List<String> queues = new ArrayList<>();
  final List<String> exchanges = new ArrayList<>();
  final List<Subscription> subscriptions = new ArrayList<>();

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

  String tagOf(Delivery d) {
    return ((RedisDelivery) d).tag();
  }

  String queue(String what) {
    String q = RedisTesting.name(what);
    queues.add(q);
    return q;
  }

  String exchange(String what, ExchangeType type) {
    String e = RedisTesting.name(what);
    exchanges.add(e);
    broker.declareExchange(e, type, false, false);
    return e;
  }

  void publish(String queue, String body, int priority) {
    broker.publish(
        new OutgoingMessage(
            "",
            queue,
            new MessageProperties("text/plain", "utf-8", Map.of(), 2, priority, null, null, null),
            body.getBytes(UTF_8)));
  }

  static String envelopeFor(String queue, String body) {
    return new String(
        Envelopes.encode(
            new MessageProperties(
                "text/plain", "utf-8", Map.of("task", "demo.add"), 2, 0, null, null, null),
            body.getBytes(UTF_8),
            "",
            queue),
        java.nio.charset.StandardCharsets.US_ASCII);
  }

  RecordingHandler consume(String queue, int prefetch) {
    RecordingHandler r = new RecordingHandler();
    subscriptions.add(broker.consume(queue, prefetch, r));
    return r;
  }

  long unackedOf(String queue) {
    return raw.hvals(RedisKeys.UNACKED).stream()
        .filter(v -> v.contains("\"" + queue + "\""))
        .count();
  }

  static String text(Delivery d) {
    return new String(d.body(), UTF_8);
  }
}
