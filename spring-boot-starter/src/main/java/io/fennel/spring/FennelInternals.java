package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.producer.TaskProducer;

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
    return app.broker().isConnected();
  }

  /** Tells {@code listener} of every task message the app sends. */
  static void onEveryTaskSent(Fennel app, TaskProducer.SendListener listener) {
    app.producer().addListener(listener);
  }
}
