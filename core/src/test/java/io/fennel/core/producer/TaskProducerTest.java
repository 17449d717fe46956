package io.fennel.core.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.PythonJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The producer tells its listeners of each message sent, and a listener never fails a send. */
class TaskProducerTest {
  private final FailureHandler failures = FailureHandler.logging();

  @Test
  void aListenerThatThrowsIsCountedAndNeitherTheSendNorTheNextListenerFails() {
    try (Broker broker = new MemoryBroker()) {
      TaskProducer producer =
          new TaskProducer(
              broker,
              FennelConfig.builder().build(),
              Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC),
              "gen1@test",
              "oid-1",
              failures);
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
}
