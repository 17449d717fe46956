package io.fennel.core.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Tells whether a queue is a quorum queue, which refuses a consumer on a channel with global QoS
 * (RabbitMQ closes the whole connection). AMQP has no query for a queue's type, so on a throwaway
 * channel an existing queue is re-declared as a quorum queue: RabbitMQ answers declare-ok when it
 * is one and closes that channel (406, inequivalent argument) when it is not. A queue that does not
 * exist is never declared here.
 */
final class QueueTypes {
  private static final Map<String, Object> QUORUM = Map.of("x-queue-type", "quorum");

  private QueueTypes() {}

  static boolean isQuorum(Connection connection, String queue) {
    Channel probe = null;
    try {
      probe = connection.createChannel();
      if (probe == null) {
        return false;
      }
      probe.queueDeclarePassive(queue);
      probe.queueDeclare(queue, true, false, false, QUORUM);
      return true;
    } catch (IOException | ShutdownSignalException e) {
      return false;
    } finally {
      if (probe != null && probe.isOpen()) {
        try {
          probe.close();
        } catch (IOException | TimeoutException | ShutdownSignalException ignored) {
          // the probe's answer is known; a failed close leaves nothing to undo
        }
      }
    }
  }
}
