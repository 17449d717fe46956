package io.fennel.core.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.broker.memory.MemoryBrokerRegistry;
import io.fennel.core.error.FennelException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing a transport from a broker URL. */
class BrokersTest {

  @Test
  void unknownSchemeNamesTheUrlAndTheAcceptedSchemes() {
    assertThatThrownBy(() -> Brokers.open("sqs://key:secret@queue"))
        .isInstanceOf(FennelException.class)
        .hasMessage(
            "unsupported broker URL 'sqs://key:***@queue'; accepted schemes: amqp://, amqps://,"
                + " pyamqp://, redis://, rediss://, memory://");
    assertThatThrownBy(() -> Brokers.open("localhost"))
        .hasMessageContaining("unsupported broker URL 'localhost'");
  }

  @Test
  void redisUrlOpensTheRedisBrokerWhichSaysWhenItCannotBeReached() {
    assertThatThrownBy(() -> Brokers.open("redis://:pw@127.0.0.1:6390/0"))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessage(
            "cannot reach broker redis://:***@127.0.0.1:6390/0 (connection refused); start it or"
                + " pass --broker");
  }

  @Test
  void memoryBrokersWithTheSameNameShareQueuesUntilTheLastHandleCloses() {
    MemoryBrokerRegistry registry = new MemoryBrokerRegistry();
    Broker producer = registry.openUrl("memory://demo");
    Broker worker = registry.openUrl("memory://demo");
    Broker other = registry.openUrl("memory://other");
    assertThat(producer).isInstanceOf(MemoryBroker.class);
    assertThat(producer.url()).isEqualTo("memory://demo");

    producer.declareQueue(QueueSpec.task("celery"));
    producer.publish(
        new OutgoingMessage(
            "", "celery", MessageProperties.json(Map.of(), 2), "x".getBytes(UTF_8)));

    assertThat(worker.queueStats("celery")).map(Broker.QueueStats::messages).contains(1L);
    assertThat(other.queueStats("celery")).isEmpty();
    producer.close();
    assertThat(worker.queueStats("celery")).isPresent();
    worker.close();
    other.close();
    assertThat(registry.size()).isZero();
    try (Broker again = registry.openUrl("memory://demo")) {
      assertThat(again.queueStats("celery")).isEmpty();
    }
  }

  @Test
  void plainMemoryUrlIsTheUnnamedSharedBroker() {
    MemoryBrokerRegistry registry = new MemoryBrokerRegistry();
    try (Broker one = registry.openUrl("memory://");
        Broker two = registry.openUrl("MEMORY://")) {
      one.declareQueue(QueueSpec.task("celery"));
      assertThat(two.queueStats("celery")).isPresent();
      assertThat(one.url()).isEqualTo("memory://");
    }
  }
}
