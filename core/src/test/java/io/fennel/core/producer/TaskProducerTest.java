package io.fennel.core.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.PythonJson;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
    try (Broker broker = refusingBroker()) {
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

  /**
   * A memory broker whose {@code publishAsync} writes the message and then fails its future at
   * once, as RabbitMQ's nack can arrive before the call has returned.
   */
  private static Broker refusingBroker() {
    MemoryBroker written = new MemoryBroker();
    return (Broker)
        Proxy.newProxyInstance(
            Broker.class.getClassLoader(),
            new Class<?>[] {Broker.class},
            (proxy, method, args) -> {
              if (method.getName().equals("publishAsync")) {
                written.publish((OutgoingMessage) args[0]);
                return CompletableFuture.failedFuture(new IllegalStateException("basic.nack"));
              }
              try {
                return method.invoke(written, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
