package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.producer.TaskProducer;
import java.util.function.BiConsumer;

/**
 * The one place the starter reaches past {@link Fennel}'s sending and worker facade, to its broker
 * connection and its producer: whether the broker is connected (for the health indicator) and a
 * listener on every task sent (for the producer's metrics). Keep every such use here, so a change
 * in how Fennel exposes them is a change to this file only.
 */
final class FennelInternals {
  private FennelInternals() {}

  /** Whether the app's broker connection is up; opens it on first use. */
  static boolean brokerConnected(Fennel app) {
    return app.unsafe().broker().isConnected();
  }

  /** Tells {@code listener} the task name and queue of every task message the app sends. */
  static void onEveryTaskSent(Fennel app, BiConsumer<String, String> listener) {
    TaskProducer.SendListener l =
        (message, queue, exchange, routingKey) -> listener.accept(message.headers().task(), queue);
    app.unsafe().producer().addListener(l);
  }
}
