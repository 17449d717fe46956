package io.fennel.core.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerContract;
import io.fennel.core.testing.RequiresRabbitMq;
import io.fennel.core.testing.TlsEndpoint;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker contract over {@code amqps://}: a TLS endpoint in front of the RabbitMQ at
 * 127.0.0.1:5672, its certificate trusted through the JVM's default SSL context, which is what
 * Fennel's connector uses; the hostname check stays on. Headers keep the sender's order here too:
 * the frame layer reads the decrypted bytes.
 */
@ExtendWith(RequiresRabbitMq.class)
class AmqpTlsBrokerContractTest extends BrokerContract {
  private static TlsEndpoint endpoint;

  @BeforeAll
  static void startTheTlsEndpoint() throws Exception {
    endpoint = new TlsEndpoint(5672);
  }

  @AfterAll
  static void stopTheTlsEndpoint() throws Exception {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Override
  protected Broker openBroker() {
    return AmqpBroker.open("amqps://guest:guest@localhost:" + endpoint.port() + "//");
  }

  @Override
  protected String deliveryThreadPrefix() {
    return "fennel-amqp-";
  }

  @Override
  protected void cleanUp(List<String> queues, List<String> exchanges) throws Exception {
    try (Connection connection = RequiresRabbitMq.rawConnection();
        Channel channel = connection.createChannel()) {
      for (String queue : queues) {
        channel.queueDelete(queue);
      }
      for (String exchange : exchanges) {
        channel.exchangeDelete(exchange);
      }
    }
  }
}
