package io.fennel.core.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.FennelException;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.broker.memory.MemoryBrokerRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing a transport from a broker URL. */
class BrokersTest {

  @Test
  void passwordsAreMaskedAndEverythingElseKept() {
    assertThat(Brokers.maskPassword("amqp://guest:secret@host:5672//"))
        .isEqualTo("amqp://guest:***@host:5672//");
    assertThat(Brokers.maskPassword("redis://:secret@host:6379/0"))
        .isEqualTo("redis://:***@host:6379/0");
    assertThat(Brokers.maskPassword("amqp://guest@host//")).isEqualTo("amqp://guest@host//");
    assertThat(Brokers.maskPassword("amqp://host/vhost@x")).isEqualTo("amqp://host/vhost@x");
    assertThat(Brokers.maskPassword("memory://")).isEqualTo("memory://");
  }

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
    Broker producer = Brokers.open("memory://demo", registry);
    Broker worker = Brokers.open("memory://demo", registry);
    Broker other = Brokers.open("memory://other", registry);
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
    try (Broker again = Brokers.open("memory://demo", registry)) {
      assertThat(again.queueStats("celery")).isEmpty();
    }
  }

  @Test
  void plainMemoryUrlIsTheUnnamedSharedBroker() {
    MemoryBrokerRegistry registry = new MemoryBrokerRegistry();
    try (Broker one = Brokers.open("memory://", registry);
        Broker two = Brokers.open("MEMORY://", registry)) {
      one.declareQueue(QueueSpec.task("celery"));
      assertThat(two.queueStats("celery")).isPresent();
      assertThat(one.url()).isEqualTo("memory://");
    }
  }
}
