package io.fennel.core.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} must do, in RabbitMQ's terms. Each transport runs it through a subclass
 * that says how to open the broker and how to clean up after it.
 */
public abstract class BrokerContract {
  private static final Duration WAIT = Duration.ofSeconds(10);

  protected Broker broker;
  private final List<String> queues = new ArrayList<>();
  private final List<String> exchanges = new ArrayList<>();
  private final List<Subscription> subscriptions = new ArrayList<>();

  protected abstract Broker openBroker();

  /** The prefix of the threads deliveries arrive on. */
  protected abstract String deliveryThreadPrefix();

  /** Deletes what a test declared, for brokers that outlive the test. */
  protected void cleanUp(List<String> queues, List<String> exchanges) throws Exception {}

  @BeforeEach
  void openTheBroker() {
    broker = openBroker();
  }

  @AfterEach
  void closeTheBroker() throws Exception {
    subscriptions.forEach(Subscription::close);
    broker.close();
    cleanUp(queues, exchanges);
  }

  @Test
  void publishedMessageArrivesWithItsPropertiesAndHeadersIntact() throws Exception {
    String queue = declareQueue("roundtrip", Map.of());
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("task", "demo.add");
    headers.put("shadow", null);
    headers.put("retries", 0);
    headers.put("timelimit", Arrays.asList(null, null));
    headers.put("big", 1L << 40);
    headers.put("nested", Map.of("a", 1, "b", List.of("x", true)));
    headers.put("ratio", 1.5);
    headers.put("ignore_result", false);
    MessageProperties properties =
        new MessageProperties(
            "application/json", "utf-8", headers, 2, 0, "id-1", "reply-1", "60000");
    byte[] body = "[[2, 3], {}, {}]".getBytes(UTF_8);
    RecordingHandler recorder = consume(queue, 1);

    broker.publish(new OutgoingMessage("", queue, properties, body));

    Delivery delivery = recorder.next();
    assertThat(delivery.exchange()).isEmpty();
    assertThat(delivery.routingKey()).isEqualTo(queue);
    assertThat(delivery.queue()).isEqualTo(queue);
    assertThat(delivery.redelivered()).isFalse();
    assertThat(delivery.body()).isEqualTo(body);
    assertThat(delivery.properties().headers()).isEqualTo(headers);
    assertThat(delivery.properties().headers().get("retries")).isInstanceOf(Integer.class);
    assertThat(delivery.properties().headers().get("big")).isInstanceOf(Long.class);
    assertThat(delivery.properties().headers().get("ratio")).isInstanceOf(Double.class);
    assertThat(delivery.properties().headers().get("ignore_result")).isInstanceOf(Boolean.class);
    assertThat(delivery.properties().headers().keySet())
        .containsExactlyElementsOf(headers.keySet());
    assertThat(delivery.properties())
        .usingRecursiveComparison()
        .ignoringFields("headers")
        .isEqualTo(properties);
    assertThat(recorder.threads.poll()).startsWith(deliveryThreadPrefix());
    delivery.ack();
  }

  @Test
  void prefetchLimitsUnsettledDeliveries() throws Exception {
    String queue = declareQueue("prefetch", Map.of());
    for (int i = 0; i < 5; i++) {
      publish(queue, "m" + i, 0);
    }
    RecordingHandler recorder = consume(queue, 2);

    await().atMost(WAIT).until(() -> recorder.received.size() == 2);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> recorder.received.size() == 2);
    recorder.received.get(0).ack();

    await().atMost(WAIT).until(() -> recorder.received.size() == 3);
    assertThat(bodies(recorder.received)).containsExactly("m0", "m1", "m2");
  }

  @Test
  void raisingThePrefetchOfARunningConsumerLetsMoreDeliveriesIn() throws Exception {
    String queue = declareQueue("prefetch-raise", Map.of());
    for (int i = 0; i < 5; i++) {
      publish(queue, "m" + i, 0);
    }
    RecordingHandler recorder = consume(queue, 1);
    await().atMost(WAIT).until(() -> recorder.received.size() == 1);

    subscriptions.get(subscriptions.size() - 1).prefetch(3);
    await().atMost(WAIT).until(() -> recorder.received.size() == 3);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> recorder.received.size() == 3);
    assertThat(bodies(recorder.received)).containsExactly("m0", "m1", "m2");
  }

  @Test
  void loweringThePrefetchAfterARaiseHoldsDeliveriesToTheNewLimit() throws Exception {
    String queue = declareQueue("prefetch-lower", Map.of());
    for (int i = 0; i < 6; i++) {
      publish(queue, "m" + i, 0);
    }
    RecordingHandler recorder = consume(queue, 1);
    await().atMost(WAIT).until(() -> recorder.received.size() == 1);
    Subscription subscription = subscriptions.get(subscriptions.size() - 1);
    subscription.prefetch(3);
    await().atMost(WAIT).until(() -> recorder.received.size() == 3);

    subscription.prefetch(1);
    recorder.received.get(0).ack();
    recorder.received.get(1).ack(); // one unsettled is the new limit: nothing more comes
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> recorder.received.size() == 3);
    recorder.received.get(2).ack();

    await().atMost(WAIT).until(() -> recorder.received.size() == 4);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> recorder.received.size() == 4);
    assertThat(bodies(recorder.received)).containsExactly("m0", "m1", "m2", "m3");
  }

  @Test
  void rejectWithRequeueRedeliversTheMessageMarkedRedelivered() throws Exception {
    String queue = declareQueue("requeue", Map.of());
    publish(queue, "again", 0);
    RecordingHandler recorder = consume(queue, 1);

    Delivery first = recorder.next();
    assertThat(first.redelivered()).isFalse();
    first.reject(true);

    Delivery second = recorder.next();
    assertThat(new String(second.body(), UTF_8)).isEqualTo("again");
    assertThat(second.redelivered()).isTrue();
    second.ack();
  }

  @Test
  void rejectWithoutRequeueDropsTheMessage() throws Exception {
    String queue = declareQueue("drop", Map.of());
    publish(queue, "doomed", 0);
    RecordingHandler recorder = consume(queue, 1);

    recorder.next().reject(false);
    publish(queue, "next", 0);

    Delivery next = recorder.next();
    assertThat(new String(next.body(), UTF_8)).isEqualTo("next");
    assertThat(next.redelivered()).isFalse();
    next.ack();
  }

  @Test
  void unsettledMessagesComeBackWhenTheSubscriptionCloses() throws Exception {
    String queue = declareQueue("giveback", Map.of());
    publish(queue, "a", 0);
    publish(queue, "b", 0);
    RecordingHandler first = new RecordingHandler();
    Subscription subscription = broker.consume(queue, 10, first);
    await().atMost(WAIT).until(() -> first.received.size() == 2);

    subscription.close();

    RecordingHandler second = consume(queue, 10);
    await().atMost(WAIT).until(() -> second.received.size() == 2);
    assertThat(bodies(second.received)).containsExactlyInAnyOrder("a", "b");
    assertThat(second.received).allMatch(Delivery::redelivered);
  }

  @Test
  void topicBindingsRouteByPattern() {
    String exchange = declareExchange("events", ExchangeType.TOPIC);
    String workers = declareQueue("workers", Map.of());
    String everything = declareQueue("everything", Map.of());
    String tasks = declareQueue("tasks", Map.of());
    broker.bind(workers, exchange, "worker.#");
    broker.bind(everything, exchange, "#");
    broker.bind(tasks, exchange, "task.*");

    for (String key : List.of("worker.heartbeat", "task.sent", "worker", "task.multi.x")) {
      broker.publish(
          new OutgoingMessage(exchange, key, MessageProperties.json(Map.of(), 2), new byte[0]));
    }

    awaitDepth(workers, 2);
    awaitDepth(everything, 4);
    awaitDepth(tasks, 1);
  }

  @Test
  void directExchangeRoutesByExactKeyAndFanoutReachesEveryBoundQueue() {
    String direct = declareExchange("direct", ExchangeType.DIRECT);
    String fanout = declareExchange("fanout", ExchangeType.FANOUT);
    String one = declareQueue("one", Map.of());
    String two = declareQueue("two", Map.of());
    String three = declareQueue("three", Map.of());
    broker.bind(one, direct, "one");
    for (String queue : List.of(one, two, three)) {
      broker.bind(queue, fanout, "");
    }

    broker.publish(
        new OutgoingMessage(direct, "one", MessageProperties.json(Map.of(), 2), new byte[0]));
    broker.publish(
        new OutgoingMessage(direct, "nobody", MessageProperties.json(Map.of(), 2), new byte[0]));
    broker.publish(
        new OutgoingMessage(fanout, "ignored", MessageProperties.json(Map.of(), 2), new byte[0]));

    awaitDepth(one, 2);
    awaitDepth(two, 1);
    awaitDepth(three, 1);
  }

  @Test
  void purgeRemovesReadyMessagesAndSaysHowMany() {
    String queue = declareQueue("purge", Map.of());
    for (int i = 0; i < 3; i++) {
      publish(queue, "p" + i, 0);
    }
    awaitDepth(queue, 3);

    assertThat(broker.purge(queue)).isEqualTo(3);
    assertThat(broker.queueStats(queue)).map(Broker.QueueStats::messages).contains(0L);
  }

  @Test
  void queueStatsReportDepthAndConsumers() throws Exception {
    String queue = declareQueue("stats", Map.of());
    publish(queue, "s1", 0);
    publish(queue, "s2", 0);
    awaitDepth(queue, 2);
    assertThat(broker.queueStats(queue)).contains(new Broker.QueueStats(queue, 2, 0));

    RecordingHandler recorder = consume(queue, 1);
    recorder.next();

    await()
        .atMost(WAIT)
        .until(
            () -> broker.queueStats(queue).equals(Optional.of(new Broker.QueueStats(queue, 1, 1))));
    assertThat(broker.queueStats("fennel.test.missing." + UUID.randomUUID())).isEmpty();
  }

  @Test
  void higherPriorityMessagesAreDeliveredFirst() throws Exception {
    String queue = declareQueue("priority", Map.of("x-max-priority", 10));
    for (int i = 0; i < 20; i++) {
      publish(queue, "low" + i, 0);
    }
    publish(queue, "high", 9);
    awaitDepth(queue, 21);

    RecordingHandler recorder = consume(queue, 1);

    Delivery first = recorder.next();
    assertThat(new String(first.body(), UTF_8)).isEqualTo("high");
    assertThat(first.properties().priority()).isEqualTo(9);
    first.ack();
    assertThat(new String(recorder.next().body(), UTF_8)).isEqualTo("low0");
  }

  @Test
  void autoDeleteQueueGoesWithItsLastConsumer() {
    String queue = name("autodelete");
    broker.declareQueue(new QueueSpec(queue, false, false, true, Map.of()));
    Subscription subscription = broker.consume(queue, 1, delivery -> {});
    assertThat(broker.queueStats(queue)).isPresent();

    subscription.close();

    await().atMost(WAIT).until(() -> broker.queueStats(queue).isEmpty());
  }

  // --- helpers

  protected final String name(String what) {
    String name = "fennel.test." + what + "." + UUID.randomUUID().toString().substring(0, 8);
    queues.add(name);
    return name;
  }

  private String declareQueue(String what, Map<String, Object> args) {
    String queue = name(what);
    broker.declareQueue(new QueueSpec(queue, false, false, false, args));
    return queue;
  }

  private String declareExchange(String what, ExchangeType type) {
    String exchange = "fennel.test." + what + "." + UUID.randomUUID().toString().substring(0, 8);
    exchanges.add(exchange);
    broker.declareExchange(exchange, type, false, false);
    return exchange;
  }

  /** Publishes persistently, so a confirming broker has the message once this returns. */
  private void publish(String queue, String body, int priority) {
    MessageProperties properties =
        new MessageProperties(
            "text/plain",
            "utf-8",
            Map.of(),
            MessageProperties.PERSISTENT,
            priority,
            null,
            null,
            null);
    broker.publish(new OutgoingMessage("", queue, properties, body.getBytes(UTF_8)));
  }

  private void awaitDepth(String queue, long depth) {
    await()
        .atMost(WAIT)
        .until(
            () -> broker.queueStats(queue).map(Broker.QueueStats::messages).orElse(-1L) == depth);
  }

  private RecordingHandler consume(String queue, int prefetch) {
    RecordingHandler recorder = new RecordingHandler();
    subscriptions.add(broker.consume(queue, prefetch, recorder));
    return recorder;
  }

  private static List<String> bodies(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> new String(d.body(), UTF_8)).toList();
  }
}
