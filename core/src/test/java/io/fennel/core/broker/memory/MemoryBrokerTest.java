package io.fennel.core.broker.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.error.FennelException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** In-memory behaviour beyond the shared broker contract. */
class MemoryBrokerTest {
  private static final MessageProperties JSON = MessageProperties.json(Map.of(), 2);

  @Test
  void topicPatternsMatchLikeRabbitMq() {
    assertThat(TopicPattern.matches("worker.#", "worker")).isTrue();
    assertThat(TopicPattern.matches("worker.#", "worker.heartbeat")).isTrue();
    assertThat(TopicPattern.matches("worker.#", "task.sent")).isFalse();
    assertThat(TopicPattern.matches("#", "")).isTrue();
    assertThat(TopicPattern.matches("#", "a.b.c")).isTrue();
    assertThat(TopicPattern.matches("*.sent", "task.sent")).isTrue();
    assertThat(TopicPattern.matches("*.sent", "sent")).isFalse();
    assertThat(TopicPattern.matches("a.#.z", "a.z")).isTrue();
    assertThat(TopicPattern.matches("a.#.z", "a.b.c.z")).isTrue();
    assertThat(TopicPattern.matches("a.*.z", "a.b.c.z")).isFalse();
  }

  @Test
  void closingTheBrokerReturnsUnsettledMessagesToSharedQueues() throws Exception {
    MemoryBrokerRegistry registry = new MemoryBrokerRegistry();
    BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    try (MemoryBroker observer = registry.open("shared")) {
      MemoryBroker worker = registry.open("shared");
      worker.declareQueue(QueueSpec.task("celery"));
      worker.publish(new OutgoingMessage("", "celery", JSON, "t".getBytes(UTF_8)));
      worker.consume("celery", 1, received::add);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(observer.queueStats("celery")).map(s -> s.messages()).contains(0L);

      worker.close();

      assertThat(observer.queueStats("celery")).map(s -> s.messages()).contains(1L);
      observer.consume("celery", 1, received::add);
      Delivery again = received.poll(10, TimeUnit.SECONDS);
      assertThat(again).isNotNull();
      assertThat(again.redelivered()).isTrue();
      assertThatThrownBy(() -> worker.publish(new OutgoingMessage("", "celery", JSON, new byte[0])))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void settlingTwiceIsAProgrammingError() throws Exception {
    try (MemoryBroker broker = new MemoryBroker()) {
      BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
      broker.declareQueue(QueueSpec.task("q"));
      broker.publish(new OutgoingMessage("", "q", JSON, new byte[0]));
      broker.consume("q", 1, received::add);
      Delivery delivery = received.poll(10, TimeUnit.SECONDS);
      assertThat(delivery).isNotNull();
      delivery.ack();

      assertThatThrownBy(delivery::ack).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void redeclaringWithOtherSettingsAndUnknownTargetsFailWithTheirNames() {
    try (MemoryBroker broker = new MemoryBroker()) {
      broker.declareQueue(QueueSpec.task("q"));
      broker.declareQueue(QueueSpec.task("q"));
      broker.declareExchange("", ExchangeType.DIRECT, true, false);
      broker.declareExchange("x", ExchangeType.TOPIC, true, false);

      assertThatThrownBy(() -> broker.declareQueue(QueueSpec.task("q", 10)))
          .isInstanceOf(FennelException.class)
          .hasMessageContaining("queue 'q' already exists");
      assertThatThrownBy(() -> broker.declareExchange("x", ExchangeType.FANOUT, true, false))
          .hasMessageContaining("exchange 'x' already exists");
      assertThatThrownBy(() -> broker.publish(new OutgoingMessage("nope", "k", JSON, new byte[0])))
          .hasMessageContaining("no such exchange");
      assertThatThrownBy(() -> broker.consume("missing", 1, d -> {}))
          .hasMessageContaining("cannot consume queue 'missing'");
    }
  }

  @Test
  void exclusiveQueuesGoWithTheHandleThatDeclaredThem() {
    MemoryBrokerRegistry registry = new MemoryBrokerRegistry();
    try (MemoryBroker observer = registry.open("x")) {
      MemoryBroker owner = registry.open("x");
      owner.declareQueue(new QueueSpec("reply", false, true, false, Map.of()));
      assertThat(observer.queueStats("reply")).isPresent();

      owner.close();

      await().until(() -> observer.queueStats("reply").isEmpty());
    }
  }
}
