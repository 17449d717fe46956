package io.fennel.core;

import io.fennel.core.broker.Broker;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.task.TaskRegistry;
import java.util.Optional;

/**
 * The escape hatch below the {@link Fennel} facade, as Javalin's {@code unsafe}: the app's broker
 * connection, result backend, task registry and producer, for code that builds on Fennel (the CLI,
 * the worker agent, the console) and for tests. Applications should not need it: what they do
 * (define, send, wait, run a worker) is on {@link Fennel}. What is here may change between
 * releases; using the broker directly bypasses routing, events and results.
 */
public final class FennelUnsafe {
  private final Connections connections;
  private final TaskRegistry registry;

  FennelUnsafe(Connections connections, TaskRegistry registry) {
    this.connections = connections;
    this.registry = registry;
  }

  /** The broker connection, opened on first use. */
  public Broker broker() {
    return connections.broker();
  }

  /** The result backend, opened on first use; empty when none is configured. */
  public Optional<ResultBackend> backend() {
    return connections.backend();
  }

  /** The tasks this app has registered. */
  public TaskRegistry registry() {
    return registry;
  }

  /** The producer that sends this app's task messages (listeners see every message it sends). */
  public TaskProducer producer() {
    return connections.producer();
  }
}
