package io.fennel.it.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Declares and deletes queues a test needs on the shared RabbitMQ, so a durable one (a console's
 * event queue collects every event published after it) does not outlive the test.
 */
public final class RabbitQueues {
  private RabbitQueues() {}

  /** Declares a durable queue with these arguments, as an operator would before Fennel sends. */
  public static void declare(String queue, java.util.Map<String, Object> arguments)
      throws Exception {
    try (Connection c = factory().newConnection("fennel-it-setup");
        Channel ch = c.createChannel()) {
      ch.queueDeclare(queue, true, false, false, arguments);
    }
  }

  /** Deletes each queue; one that is already gone is fine. */
  public static void delete(String... queues) throws Exception {
    try (Connection c = factory().newConnection("fennel-it-cleanup")) {
      for (String queue : queues) {
        try (Channel ch = c.createChannel()) {
          ch.queueDelete(queue);
        } catch (java.io.IOException | RuntimeException e) {
          System.err.println("could not delete queue " + queue + ": " + e);
        }
      }
    }
  }

  private static ConnectionFactory factory() {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(5672);
    f.setUsername("guest");
    f.setPassword("guest");
    return f;
  }
}
