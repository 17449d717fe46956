package io.fennel.core.broker;

/**
 * One message handed to a consumer. It must be settled exactly once with {@link #ack()} or {@link
 * #reject(boolean)}; until then it counts against the consumer's prefetch and is redelivered if the
 * connection is lost.
 */
public interface Delivery {
  /** The exchange the message was published to. */
  String exchange();

  /** The routing key it was published with. */
  String routingKey();

  /** The queue it was consumed from. */
  String queue();

  MessageProperties properties();

  byte[] body();

  /** True when the broker delivered this message before and it was not acknowledged. */
  boolean redelivered();

  /**
   * Whether this delivery can still be settled. False once the channel or connection it came on has
   * died: the broker has put the message back already, so running it now would run it twice.
   */
  default boolean settleable() {
    return true;
  }

  /** Acknowledges the message: the broker forgets it. */
  void ack();

  /** Rejects the message: back to its queue when {@code requeue}, else dropped (dead-lettered). */
  void reject(boolean requeue);
}
