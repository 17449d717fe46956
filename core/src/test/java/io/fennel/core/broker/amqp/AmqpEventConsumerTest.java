package io.fennel.core.broker.amqp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.testing.RequiresRabbitMq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An event consumer ({@code consumeAutoAck}) that cannot keep up leaves the flood in RabbitMQ, at
 * most {@link AmqpBroker#EVENT_WINDOW} messages in this process, and acknowledges what it handled.
 */
@ExtendWith(RequiresRabbitMq.class)
class AmqpEventConsumerTest {
  private static final int SENT = AmqpBroker.EVENT_WINDOW + 1_500;
  private final String queue = "fennel.test.events." + UUID.randomUUID();
  private final AmqpBroker broker = AmqpBroker.open(RequiresRabbitMq.URL);

  @AfterEach
  void cleanUp() throws Exception {
    broker.close();
    try (Connection c = RequiresRabbitMq.rawConnection();
        Channel ch = c.createChannel()) {
      ch.queueDelete(queue);
    }
  }

  @Test
  void aBlockedEventHandlerLeavesAllButTheWindowInTheBrokerAndAcksWhatItHandled() throws Exception {
    broker.declareQueue(QueueSpec.task(queue));
    List<OutgoingMessage> flood = new ArrayList<>();
    MessageProperties p =
        new MessageProperties(
            "application/json",
            "utf-8",
            Map.of(),
            MessageProperties.PERSISTENT,
            0,
            null,
            null,
            null);
    for (int i = 0; i < SENT; i++) {
      flood.add(new OutgoingMessage("", queue, p, ("{\"n\": " + i + "}").getBytes(UTF_8)));
    }
    broker.publishAll(flood);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();

    Subscription events =
        broker.consumeAutoAck(
            queue,
            d -> {
              entered.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              d.ack(); // settling an event delivery does nothing
              handled.incrementAndGet();
            });
    try {
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() ->
              assertThat(broker.queueStats(queue).orElseThrow().messages())
                  .isEqualTo(SENT - AmqpBroker.EVENT_WINDOW));

      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() == SENT);
    } finally {
      release.countDown();
      events.close();
    }
    // every handled message was acknowledged: closing the channel returned none to the queue
    assertThat(broker.queueStats(queue).orElseThrow().messages()).isZero();
  }
}
