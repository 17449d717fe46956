package io.fennel.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The bare amqp-client side of the benchmarks' references: a connection to the local RabbitMQ the
 * benchmarks run against, and a wait until a queue holds what was published into it.
 */
final class RawAmqp {
  private RawAmqp() {}

  /** A new amqp-client connection to 127.0.0.1:5672 as guest. */
  static Connection connect() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
    return f.newConnection();
  }

  /**
   * Returns once {@code queue} holds at least {@code n} messages; each check is a passive declare,
   * a round trip of its own, so the loop waits on the broker rather than sleeping.
   */
  static void awaitDepth(Channel ch, String queue, int n) throws Exception {
    while (ch.queueDeclarePassive(queue).getMessageCount() < n) {
      Thread.onSpinWait();
    }
  }
}
