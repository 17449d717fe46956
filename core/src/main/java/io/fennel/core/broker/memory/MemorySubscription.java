package io.fennel.core.broker.memory;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.Subscription;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of one in-memory queue. Its own dispatcher thread, {@code fennel-memory-<queue>},
 * waits until a message is ready and the prefetch allows one more unsettled delivery, then calls
 * the handler. Closing it returns its unsettled messages to the head of the queue, redelivered.
 */
final class MemorySubscription implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(MemorySubscription.class);

  private final MemoryEngine engine;
  private final MemoryQueue queue;
  private int prefetch; // guarded by engine.lock
  private final DeliveryHandler handler;
  private final Runnable onClose;
  private final FailureHandler failures;
  private Thread dispatcher;

  /** Unsettled deliveries by tag, in delivery order; guarded by the engine lock. */
  private final Map<Long, MemoryMessage> unsettled = new LinkedHashMap<>();

  private long nextTag;
  private boolean closed;
  private boolean cancelled;

  MemorySubscription(
      MemoryEngine engine,
      MemoryQueue queue,
      int prefetch,
      DeliveryHandler handler,
      Runnable onClose,
      FailureHandler failures) {
    this.failures = failures;
    this.engine = engine;
    this.queue = queue;
    this.prefetch = prefetch;
    this.handler = handler;
    this.onClose = onClose;
  }

  void start() {
    dispatcher = FennelThreads.start("memory-" + queue.spec.name(), null, this::dispatch);
  }

  @Override
  public String queue() {
    return queue.spec.name();
  }

  @Override
  public void prefetch(int count) {
    engine.lock.lock();
    try {
      prefetch = count;
      queue.changed.signalAll();
    } finally {
      engine.lock.unlock();
    }
  }

  @Override
  public void cancel() {
    engine.lock.lock();
    try {
      cancelled = true;
      queue.changed.signalAll();
    } finally {
      engine.lock.unlock();
    }
  }

  @Override
  public void close() {
    engine.lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      List<MemoryMessage> returned = new ArrayList<>(unsettled.values());
      unsettled.clear();
      if (!queue.deleted) {
        for (int i = returned.size() - 1; i >= 0; i--) {
          queue.addFirst(returned.get(i).asRedelivered());
        }
      }
      engine.consumerGone(queue, this);
      queue.changed.signalAll();
    } finally {
      engine.lock.unlock();
    }
    onClose.run();
  }

  private void dispatch() {
    while (true) {
      MemoryDelivery delivery;
      engine.lock.lock();
      try {
        while (!closed && !queue.deleted && !canDeliver()) {
          queue.changed.await();
        }
        if (closed || queue.deleted) {
          return;
        }
        MemoryMessage message = queue.poll();
        long tag = ++nextTag;
        unsettled.put(tag, message);
        delivery = new MemoryDelivery(tag, message);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        engine.lock.unlock();
      }
      failures.guard(
          "memory.handler",
          "the delivery handler for queue '" + queue() + "' (the delivery stays unsettled)",
          () -> handler.handle(delivery));
    }
  }

  private boolean canDeliver() {
    return !cancelled && queue.ready() > 0 && (prefetch == 0 || unsettled.size() < prefetch);
  }

  private void settle(long tag, boolean requeue) {
    engine.lock.lock();
    try {
      MemoryMessage message = unsettled.remove(tag);
      if (message == null) {
        log.debug("delivery {} on '{}' was already returned to its queue", tag, queue());
        return;
      }
      if (requeue && !queue.deleted) {
        queue.addFirst(message.asRedelivered());
      }
      queue.changed.signalAll();
    } finally {
      engine.lock.unlock();
    }
  }

  /** One delivery of this subscription; settling it twice is a programming error. */
  private final class MemoryDelivery implements Delivery {
    private final long tag;
    private final MemoryMessage message;
    private final AtomicBoolean settled = new AtomicBoolean();

    MemoryDelivery(long tag, MemoryMessage message) {
      this.tag = tag;
      this.message = message;
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
      return MemorySubscription.this.queue();
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
      settle(tag, false);
    }

    @Override
    public void reject(boolean requeue) {
      markSettled();
      settle(tag, requeue);
    }

    private void markSettled() {
      if (!settled.compareAndSet(false, true)) {
        throw new IllegalStateException(
            "delivery " + tag + " from queue '" + queue() + "' was already settled");
      }
    }
  }
}
