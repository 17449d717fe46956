package io.fennel.core.broker.amqp;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.BrokerTransport;
import java.util.List;

/** The RabbitMQ transport behind {@code amqp://}, {@code amqps://} and {@code pyamqp://} URLs. */
public final class AmqpTransport implements BrokerTransport {
  @Override
  public List<String> schemes() {
    return List.of("amqp", "amqps", "pyamqp");
  }

  @Override
  public Broker open(String url) {
    return AmqpBroker.open(url);
  }

  @Override
  public Broker open(String url, List<String> failover) {
    return AmqpBroker.open(url, failover);
  }
}
