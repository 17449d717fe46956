package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.error.FennelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A batch published as one: every message is written before the first confirm is awaited. */
final class AmqpBatches {
  private AmqpBatches() {}

  /** Publishes {@code messages} on {@code broker}, then waits for every confirm. */
  static void publishAll(AmqpBroker broker, List<OutgoingMessage> messages) {
    List<CompletableFuture<Void>> confirms = new ArrayList<>(messages.size());
    FennelException first = null;
    int failed = 0;
    for (OutgoingMessage m : messages) {
      AMQP.BasicProperties properties = OrderedProperties.of(m.properties());
      if (!AmqpBroker.persistent(properties)) {
        broker.publish(m);
        continue;
      }
      try {
        confirms.add(broker.publishConfirmed(m, properties));
      } catch (FennelException e) {
        failed++;
        first = first == null ? e : first;
      }
    }
    for (CompletableFuture<Void> c : confirms) {
      try {
        broker.awaitConfirm("publish a batch of " + messages.size() + " messages", c);
      } catch (FennelException e) {
        failed++;
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw new FennelException(
          failed
              + " of "
              + messages.size()
              + " messages were not confirmed by "
              + broker.url()
              + "; "
              + "the first failure: "
              + first.getMessage(),
          first);
    }
  }
}
