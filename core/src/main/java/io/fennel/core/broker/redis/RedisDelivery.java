package io.fennel.core.broker.redis;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.MessageProperties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One message handed to a consumer. A list delivery is settled through its list consumer (the
 * {@code unacked} entry is cleared or restored); a pub/sub delivery was never recorded, so settling
 * it does nothing.
 */
final class RedisDelivery implements Delivery {
  private final Envelopes.Received message;
  private final String queue;
  private final RedisListConsumer owner;
  private final AtomicBoolean settled = new AtomicBoolean();

  /**
   * @param owner the list consumer that recorded it as unacknowledged, or null for pub/sub
   */
  RedisDelivery(Envelopes.Received message, String queue, RedisListConsumer owner) {
    this.message = message;
    this.queue = queue;
    this.owner = owner;
  }

  String tag() {
    return message.deliveryTag();
  }

  @Override
  public String exchange() {
    return message.exchange();
  }

  @Override
  public String routingKey() {
    return message.routingKey();
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public MessageProperties properties() {
    return message.properties();
  }

  @Override
  public byte[] body() {
    return message.body().clone();
  }

  @Override
  public boolean redelivered() {
    return message.redelivered();
  }

  @Override
  public void ack() {
    markSettled();
    if (owner != null) {
      owner.settle(this, Settlement.ACK);
    }
  }

  @Override
  public void reject(boolean requeue) {
    markSettled();
    if (owner != null) {
      owner.settle(this, requeue ? Settlement.REQUEUE : Settlement.DROP);
    }
  }

  private void markSettled() {
    if (!settled.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "delivery " + tag() + " from queue '" + queue + "' was already settled");
    }
  }

  /** How a delivery was settled. */
  enum Settlement {
    ACK,
    REQUEUE,
    DROP
  }
}
