package io.fennel.it.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Deletes queues a test declared on the shared RabbitMQ, so a durable one (a console's event queue
 * collects every event published after it) does not outlive the test.
 */
public final class RabbitQueues {
  private RabbitQueues() {}

  /** Deletes each queue; one that is already gone is fine. */
  public static void delete(String... queues) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(5672);
    f.setUsername("guest");
    f.setPassword("guest");
    try (Connection c = f.newConnection("fennel-it-cleanup")) {
      for (String queue : queues) {
        try (Channel ch = c.createChannel()) {
          ch.queueDelete(queue);
        } catch (java.io.IOException | RuntimeException e) {
          System.err.println("could not delete queue " + queue + ": " + e);
        }
      }
    }
  }
}
