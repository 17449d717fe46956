package io.fennel.core.broker.amqp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.error.FennelException;
import io.fennel.core.testing.RequiresRabbitMq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pipelined publisher confirms on RabbitMQ: what returns was confirmed, and what the broker does
 * not take fails the call instead of vanishing.
 */
@ExtendWith(RequiresRabbitMq.class)
class AmqpConfirmsTest {
  private final String queue = "fennel.test.confirms." + UUID.randomUUID();
  private final AmqpBroker broker = AmqpBroker.open(RequiresRabbitMq.URL);

  @AfterEach
  void cleanUp() throws Exception {
    broker.close();
    try (Connection c = RequiresRabbitMq.rawConnection();
        Channel ch = c.createChannel()) {
      ch.queueDelete(queue);
    }
  }

  private static OutgoingMessage persistent(String exchange, String routingKey, int i) {
    MessageProperties p =
        new MessageProperties(
            "text/plain", "utf-8", Map.of(), MessageProperties.PERSISTENT, 0, null, null, null);
    return new OutgoingMessage(exchange, routingKey, p, ("m" + i).getBytes(UTF_8));
  }

  @Test
  void givenEightThreadsPublishingOnTheSharedChannel_whenAllReturn_thenTheQueueHoldsEveryMessage()
      throws Exception {
    broker.declareQueue(QueueSpec.task(queue));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        sent.add(
            pool.submit(() -> {
              for (int i = 0; i < 250; i++) {
                broker.publish(persistent("", queue, i));
              }
            }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(broker.queueStats(queue).orElseThrow().messages()).isEqualTo(2_000);
  }

  @Test
  void givenABatch_whenPublishAllReturns_thenEveryMessageIsInTheQueue() {
    broker.declareQueue(QueueSpec.task(queue));
    List<OutgoingMessage> batch = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      batch.add(persistent("", queue, i));
    }

    broker.publishAll(batch);

    assertThat(broker.queueStats(queue).orElseThrow().messages()).isEqualTo(2_500);
  }

  @Test
  void givenABatchToAMissingExchange_whenPublished_thenTheCallFailsNamingHowMany() {
    String missing = "fennel.test.missing." + UUID.randomUUID();
    List<OutgoingMessage> batch = List.of(persistent(missing, "k", 1), persistent(missing, "k", 2));

    assertThatThrownBy(() -> broker.publishAll(batch))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("of 2 messages were not confirmed")
        .hasMessageContaining(missing);
  }

  @Test
  void givenAFailedBatch_whenPublishingAgain_thenANewChannelConfirmsIt() {
    broker.declareQueue(QueueSpec.task(queue));
    String missing = "fennel.test.missing." + UUID.randomUUID();
    assertThatThrownBy(() -> broker.publish(persistent(missing, "k", 1)))
        .isInstanceOf(FennelException.class);

    broker.publish(persistent("", queue, 2));

    assertThat(broker.queueStats(queue).orElseThrow().messages()).isEqualTo(1);
  }

  @Test
  void
      givenAsyncPublishes_whenTheirFuturesComplete_thenTheQueueHoldsThemAndAMissingExchangeFails() {
    broker.declareQueue(QueueSpec.task(queue));
    List<java.util.concurrent.CompletableFuture<Void>> confirms = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      confirms.add(broker.publishAsync(persistent("", queue, i)));
    }
    confirms.forEach(java.util.concurrent.CompletableFuture::join);
    assertThat(broker.queueStats(queue).orElseThrow().messages()).isEqualTo(1_500);

    String missing = "fennel.test.missing." + UUID.randomUUID();
    java.util.concurrent.CompletableFuture<Void> lost =
        broker.publishAsync(persistent(missing, "k", 1));

    assertThatThrownBy(lost::join)
        .hasCauseInstanceOf(FennelException.class)
        .hasMessageContaining(missing);
  }
}
