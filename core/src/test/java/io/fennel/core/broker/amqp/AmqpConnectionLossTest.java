package io.fennel.core.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.broker.Broker;
import io.fennel.core.testing.RequiresRabbitMq;
import io.fennel.core.testing.TcpProxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Broker#onConnectionLost} on RabbitMQ: a dropped connection is heard at once, a listener
 * that was removed is not told, and closing the broker is not a loss.
 */
@ExtendWith(RequiresRabbitMq.class)
class AmqpConnectionLossTest {

  @Test
  void aDroppedConnectionIsHeardAndARemovedListenerIsNot() throws Exception {
    try (TcpProxy proxy = new TcpProxy(RequiresRabbitMq.HOST, RequiresRabbitMq.PORT);
        Broker broker = AmqpBroker.open("amqp://guest:guest@127.0.0.1:" + proxy.port() + "//")) {
      proxy.stopRecording();
      CountDownLatch heard = new CountDownLatch(1);
      AtomicInteger removedTold = new AtomicInteger();
      Runnable remove = broker.onConnectionLost(removedTold::incrementAndGet).orElseThrow();
      broker.onConnectionLost(heard::countDown).orElseThrow();
      remove.run();

      proxy.dropConnections();

      assertThat(heard.await(10, TimeUnit.SECONDS)).as("the loss is heard").isTrue();
      assertThat(removedTold).as("the removed listener").hasValue(0);
    }
  }

  @Test
  void closingTheBrokerIsNotALoss() throws Exception {
    AtomicInteger told = new AtomicInteger();
    Broker broker = AmqpBroker.open(RequiresRabbitMq.URL);
    broker.onConnectionLost(told::incrementAndGet).orElseThrow();
    broker.close();
    assertThat(broker.isConnected()).isFalse();
    assertThat(told).hasValue(0);
  }
}
