package io.fennel.core.broker;

import java.util.Optional;

/**
 * A connection to a message broker, in AMQP 0-9-1 terms: exchanges, queues, bindings, publish,
 * consume with manual acknowledgement. RabbitMQ implements it natively, Redis in kombu's layout and
 * the in-memory transport for tests and the demo. Implementations are thread-safe.
 */
public interface Broker extends AutoCloseable {

  /** The URL this broker was opened with, password masked, for messages and logs. */
  String url();

  /** Declares an exchange; declaring one that exists with the same kind is a no-op. */
  void declareExchange(String name, ExchangeType type, boolean durable, boolean autoDelete);

  /** Declares a queue; declaring one that exists with the same settings is a no-op. */
  void declareQueue(QueueSpec spec);

  /** Binds {@code queue} to {@code exchange} with a routing key (a pattern for topic exchanges). */
  void bind(String queue, String exchange, String routingKey);

  /**
   * Publishes a message and, for durable messages, waits for the broker to confirm it.
   *
   * @throws BrokerUnavailableException when the broker cannot take it
   */
  void publish(OutgoingMessage message);

  /**
   * Publishes a message and returns at once; the future completes when the broker has confirmed a
   * durable message (at once for a transient one) and fails when it refused or lost it. A transport
   * without pipelined confirms publishes synchronously here.
   *
   * @throws io.fennel.core.error.FennelException when the message could not even be written; the
   *     future only ever carries what happened after the write
   */
  default java.util.concurrent.CompletableFuture<Void> publishAsync(OutgoingMessage message) {
    publish(message);
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  /**
   * Publishes messages in order and returns once every durable one is confirmed; a transport that
   * can pipeline confirms (RabbitMQ) sends them all before waiting.
   *
   * @throws io.fennel.core.error.FennelException naming how many were not confirmed and why
   */
  default void publishAll(java.util.List<OutgoingMessage> messages) {
    for (OutgoingMessage m : messages) {
      publish(m);
    }
  }

  /**
   * Starts consuming {@code queue} with manual acknowledgement and at most {@code prefetch}
   * unsettled deliveries (0 = unlimited).
   */
  Subscription consume(String queue, int prefetch, DeliveryHandler handler);

  /**
   * Starts consuming {@code queue} without the handler settling anything, as event receivers
   * consume messages that may be lost in a crash (events): each is acknowledged on arrival, or on
   * RabbitMQ once the handler returns, with a bounded number unacknowledged, so a flood the handler
   * cannot keep up with waits in the broker rather than in this process's memory. Settling such a
   * delivery does nothing.
   */
  default Subscription consumeAutoAck(String queue, DeliveryHandler handler) {
    return consume(
        queue,
        0,
        d -> {
          d.ack();
          handler.handle(new AutoAcked(d));
        });
  }

  /** A delivery that was acknowledged on arrival; settling it again does nothing. */
  record AutoAcked(Delivery delivery) implements Delivery {
    @Override
    public String exchange() {
      return delivery.exchange();
    }

    @Override
    public String routingKey() {
      return delivery.routingKey();
    }

    @Override
    public String queue() {
      return delivery.queue();
    }

    @Override
    public MessageProperties properties() {
      return delivery.properties();
    }

    @Override
    public byte[] body() {
      return delivery.body();
    }

    @Override
    public boolean redelivered() {
      return delivery.redelivered();
    }

    @Override
    public void ack() {}

    @Override
    public void reject(boolean requeue) {}
  }

  /** Removes every ready message of a queue and returns how many there were. */
  long purge(String queue);

  /** Ready messages and consumers of a queue, or empty when it does not exist. */
  Optional<QueueStats> queueStats(String queue);

  /** Whether the connection is up right now. */
  boolean isConnected();

  /**
   * Runs {@code listener} each time the connection is lost (not when this broker is closed), as
   * soon as the transport sees it, on the transport's own thread; it must return quickly. Returns
   * what stops the listening, or empty when the transport learns of a loss only when asked: then
   * poll {@link #isConnected()}.
   */
  default java.util.Optional<Runnable> onConnectionLost(Runnable listener) {
    return java.util.Optional.empty();
  }

  @Override
  void close();

  /** Depth and consumers of a queue at one moment. */
  record QueueStats(String queue, long messages, int consumers) {}
}
