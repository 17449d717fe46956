package io.fennel.core.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerContract;
import io.fennel.core.testing.RequiresRabbitMq;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/** The broker contract on a real RabbitMQ at 127.0.0.1:5672 (skipped when it is not running). */
@ExtendWith(RequiresRabbitMq.class)
class AmqpBrokerContractTest extends BrokerContract {
  @Override
  protected Broker openBroker() {
    return AmqpBroker.open(RequiresRabbitMq.URL);
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
