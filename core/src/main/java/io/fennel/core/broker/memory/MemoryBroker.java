package io.fennel.core.broker.memory;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory broker with RabbitMQ's semantics, for tests and the demo: direct, topic ({@code *}
 * and {@code #}) and fanout exchanges plus the default exchange {@code ""}; queues with {@code
 * x-max-priority}; per-subscription prefetch; ack, reject and requeue to the head of the queue with
 * {@code redelivered=true}; auto-delete queues that go with their last consumer; exclusive queues
 * that go with the handle that declared them.
 *
 * <p>Deliveries run on one thread per subscription named {@code fennel-memory-<queue>}, never on
 * the publisher's thread. Message TTL ({@code x-message-ttl}, {@code expiration}), {@code
 * x-expires} and dead-lettering are accepted and ignored; nothing is persisted, so durability is
 * only recorded.
 *
 * <p>Each instance is a handle. {@code new MemoryBroker()} owns a private broker; handles from
 * {@link MemoryBrokerRegistry#open(String)} share one by name. Closing a handle closes its
 * subscriptions (their unsettled messages go back to their queues) and deletes the exclusive queues
 * it declared.
 */
public final class MemoryBroker implements Broker {
  private final MemoryEngine engine;
  private final Runnable onClose;
  private final Set<MemorySubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final Set<String> exclusiveQueues = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** A private in-memory broker, shared with nobody. */
  public MemoryBroker() {
    this(new MemoryEngine("memory://"), () -> {});
  }

  MemoryBroker(MemoryEngine engine, Runnable onClose) {
    this.engine = engine;
    this.onClose = onClose;
  }

  @Override
  public String url() {
    return engine.url();
  }

  @Override
  public void declareExchange(String name, ExchangeType type, boolean durable, boolean autoDelete) {
    ensureOpen();
    engine.declareExchange(name, type, durable, autoDelete);
  }

  @Override
  public void declareQueue(QueueSpec spec) {
    ensureOpen();
    engine.declareQueue(spec);
    if (spec.exclusive()) {
      exclusiveQueues.add(spec.name());
    }
  }

  @Override
  public void bind(String queue, String exchange, String routingKey) {
    ensureOpen();
    engine.bind(queue, exchange, routingKey);
  }

  @Override
  public void publish(OutgoingMessage message) {
    ensureOpen();
    engine.publish(message);
  }

  @Override
  public Subscription consume(String queue, int prefetch, DeliveryHandler handler) {
    ensureOpen();
    MemorySubscription[] self = new MemorySubscription[1];
    MemorySubscription subscription =
        engine.subscribe(queue, prefetch, handler, () -> subscriptions.remove(self[0]));
    self[0] = subscription;
    subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  @Override
  public long purge(String queue) {
    ensureOpen();
    return engine.purge(queue);
  }

  @Override
  public Optional<QueueStats> queueStats(String queue) {
    ensureOpen();
    return engine.queueStats(queue);
  }

  @Override
  public boolean isConnected() {
    return !closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List.copyOf(subscriptions).forEach(MemorySubscription::close);
    exclusiveQueues.forEach(engine::deleteQueue);
    onClose.run();
  }

  @Override
  public String toString() {
    return "MemoryBroker[" + url() + "]";
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("broker " + url() + " is closed");
    }
  }
}
