package io.fennel.core.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.PythonJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The producer tells its listeners of each message sent, a listener never fails a send, and a
 * pipelined send throws only when the message could not be written.
 */
class TaskProducerTest {
  private final FailureHandler failures = FailureHandler.logging();

  @Test
  void aListenerThatThrowsIsCountedAndNeitherTheSendNorTheNextListenerFails() {
    try (Broker broker = new MemoryBroker()) {
      TaskProducer producer = producer(broker);
      List<String> told = new ArrayList<>();
      producer.addListener((m, queue, exchange, routingKey) -> {
        throw new IllegalStateException("listener bug");
      });
      producer.addListener((m, queue, exchange, routingKey) -> told.add(m.headers().id()));

      var sent =
          producer.send(
              "demo.add",
              PythonJson.MAPPER.createArrayNode().add(2).add(3),
              PythonJson.MAPPER.createObjectNode(),
              SendOptions.builder().taskId("t-1").build());

      assertThat(sent.headers().id()).isEqualTo("t-1");
      assertThat(told).containsExactly("t-1");
      assertThat(broker.queueStats("celery")).map(Broker.QueueStats::messages).contains(1L);
      assertThat(failures.counts()).containsEntry("producer.listener", 1L);
    }
  }

  @Test
  void aPipelinedSendWhoseConfirmFailsBeforeItReturnsFailsItsFutureAndDoesNotThrow() {
    // RabbitMQ's basic.nack can come back before publishAsync returns: the write succeeded
    try (Broker broker = new RefusingBroker()) {
      TaskProducer producer = producer(broker);

      var sent =
          producer.sendPipelined(
              "demo.add",
              PythonJson.MAPPER.createArrayNode(),
              PythonJson.MAPPER.createObjectNode(),
              SendOptions.builder().taskId("t-2").build());

      assertThat(sent).isCompletedExceptionally();
      assertThat(failures.counts()).containsEntry("producer.confirm", 1L);
    }
  }

  @Test
  void aPipelinedSendThatCannotBeWrittenThrows() {
    Broker broker = new MemoryBroker();
    broker.close();
    TaskProducer producer = producer(broker);

    assertThatThrownBy(() ->
            producer.sendPipelined(
                "demo.add",
                PythonJson.MAPPER.createArrayNode(),
                PythonJson.MAPPER.createObjectNode(),
                SendOptions.builder().taskId("t-3").build()))
        .isInstanceOf(RuntimeException.class);
    assertThat(failures.counts()).doesNotContainKey("producer.confirm");
  }

  private TaskProducer producer(Broker broker) {
    return new TaskProducer(
        broker,
        FennelConfig.builder().build(),
        Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC),
        "gen1@test",
        "oid-1",
        failures);
  }

  /** Writes every message to a memory broker, then refuses it before publishAsync has returned. */
  private static final class RefusingBroker implements Broker {
    private final MemoryBroker written = new MemoryBroker();

    @Override
    public CompletableFuture<Void> publishAsync(OutgoingMessage message) {
      written.publish(message);
      return CompletableFuture.failedFuture(new IllegalStateException("basic.nack"));
    }

    @Override
    public void publish(OutgoingMessage message) {
      written.publish(message);
    }

    @Override
    public String url() {
      return written.url();
    }

    @Override
    public void declareExchange(String name, ExchangeType type, boolean durable, boolean auto) {
      written.declareExchange(name, type, durable, auto);
    }

    @Override
    public void declareQueue(QueueSpec spec) {
      written.declareQueue(spec);
    }

    @Override
    public void bind(String queue, String exchange, String routingKey) {
      written.bind(queue, exchange, routingKey);
    }

    @Override
    public Subscription consume(String queue, int prefetch, DeliveryHandler handler) {
      return written.consume(queue, prefetch, handler);
    }

    @Override
    public long purge(String queue) {
      return written.purge(queue);
    }

    @Override
    public Optional<QueueStats> queueStats(String queue) {
      return written.queueStats(queue);
    }

    @Override
    public boolean isConnected() {
      return written.isConnected();
    }

    @Override
    public void close() {
      written.close();
    }
  }
}
