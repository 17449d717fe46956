package io.fennel.core.broker.redis;

import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.Subscription;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.Scheduler;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.UnifiedJedis;

/**
 * A consumer of one queue, as kombu's Redis channel consumes it: a {@link RedisListConsumer} takes
 * the queue's list messages and a {@link RedisPatternListener} hears its topic and fanout bindings;
 * both hand deliveries to the handler on their own thread. A handler that throws is reported to the
 * {@link FailureHandler}; its delivery stays unsettled. {@link #close()} puts the unsettled list
 * deliveries back, marked redelivered.
 */
final class RedisSubscription implements Subscription {
  private final String queue;
  private final DeliveryHandler handler;
  private final FailureHandler failures;
  private final Consumer<RedisSubscription> onClose;
  private final RedisListConsumer lists;
  private final RedisPatternListener patterns;

  RedisSubscription(
      UnifiedJedis redis,
      Supplier<Connection> pubsubConnections,
      UnackedLedger ledger,
      RedisAcks acks,
      String queue,
      int prefetch,
      DeliveryHandler handler,
      Consumer<RedisSubscription> onClose,
      Scheduler scheduler,
      FailureHandler failures) {
    this.queue = queue;
    this.handler = handler;
    this.failures = failures;
    this.onClose = onClose;
    this.lists =
        new RedisListConsumer(
            redis, ledger, acks, queue, prefetch, this::hand, scheduler, failures);
    this.patterns =
        new RedisPatternListener(pubsubConnections, queue, this::hand, scheduler, failures);
  }

  /** Starts polling, and listening on {@code initialPatterns} once they are confirmed. */
  void start(List<String> initialPatterns) {
    lists.start();
    initialPatterns.forEach(patterns::listen);
  }

  @Override
  public String queue() {
    return queue;
  }

  /** Whether this subscription still takes new deliveries. */
  boolean active() {
    return lists.active();
  }

  /** Listens on one more pattern (a new topic or fanout binding of the queue). */
  void listen(String pattern) {
    if (lists.active()) {
      patterns.listen(pattern);
    }
  }

  @Override
  public void prefetch(int count) {
    lists.prefetch(count);
  }

  @Override
  public void cancel() {
    lists.cancel();
    patterns.cancel();
  }

  @Override
  public void close() {
    patterns.cancel();
    if (lists.close()) {
      onClose.accept(this);
    }
  }

  private void hand(RedisDelivery delivery) {
    try {
      handler.handle(delivery);
    } catch (RuntimeException e) {
      failures.handle(
          "redis.handler",
          "the delivery handler for queue '" + queue + "' (the delivery stays unsettled)",
          e);
    }
  }
}
