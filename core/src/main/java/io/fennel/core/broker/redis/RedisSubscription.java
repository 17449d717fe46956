package io.fennel.core.broker.redis;

import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.Subscription;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A consumer of one queue, as kombu's Redis channel consumes it.
 *
 * <ul>
 *   <li>Thread {@code fennel-redis-<queue>} takes from the queue's lists in kombu's priority order,
 *       never while {@code prefetch} deliveries are unsettled. Unlike kombu's BRPOP, it pops and
 *       records the delivery in {@code unacked}/{@code unacked_index} in one Lua script, so a
 *       worker killed between the two steps loses nothing (kombu can lose that message). An idle
 *       consumer looks again after 5 ms, doubling to 200 ms. Then it calls the handler.
 *   <li>When the queue is bound to a topic or fanout exchange, thread {@code
 *       fennel-redis-<queue>-pubsub} PSUBSCRIBEs its patterns; those messages are not recorded and
 *       settling them does nothing.
 *   <li>{@link #close()} puts the unsettled deliveries back at the consuming end of the list,
 *       marked redelivered (kombu restores unacknowledged messages when a channel closes).
 * </ul>
 */
final class RedisSubscription implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(RedisSubscription.class);
  private static final int POLL_SECONDS = 1;
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);
  private static final long RETRY_MILLIS = 1000;

  /** How long an idle consumer waits before looking again: doubling from the first to the last. */
  private static final long MIN_IDLE_MILLIS = 5;

  private static final long MAX_IDLE_MILLIS = 200;

  private final UnifiedJedis redis;
  private final UnackedLedger ledger;
  private final String queue;
  private final int prefetch;
  private final DeliveryHandler handler;
  private final Consumer<RedisSubscription> onClose;
  private final Thread poller;

  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, RedisDelivery> unsettled = new LinkedHashMap<>();
  private final Set<String> patterns = new LinkedHashSet<>();
  private PatternListener listener;
  private boolean cancelled;
  private boolean closed;

  RedisSubscription(
      UnifiedJedis redis,
      UnackedLedger ledger,
      String queue,
      int prefetch,
      DeliveryHandler handler,
      Consumer<RedisSubscription> onClose) {
    this.redis = redis;
    this.ledger = ledger;
    this.queue = queue;
    this.prefetch = prefetch;
    this.handler = handler;
    this.onClose = onClose;
    this.poller = new Thread(this::poll, "fennel-redis-" + queue);
    this.poller.setDaemon(true);
  }

  /** Starts polling, and listening on {@code initialPatterns} once they are confirmed. */
  void start(List<String> initialPatterns) {
    poller.start();
    for (String pattern : initialPatterns) {
      listen(pattern);
    }
  }

  @Override
  public String queue() {
    return queue;
  }

  /** Whether this subscription still takes new deliveries. */
  boolean active() {
    synchronized (lock) {
      return !cancelled;
    }
  }

  /**
   * PSUBSCRIBEs one more pattern and waits (up to 5 s) until Redis confirms it, so messages
   * published afterwards reach this consumer.
   */
  void listen(String pattern) {
    CompletableFuture<Void> confirmed;
    synchronized (lock) {
      if (cancelled || !patterns.add(pattern)) {
        return;
      }
      if (listener == null) {
        listener = new PatternListener();
        PatternListener first = listener;
        Thread t = new Thread(() -> listenLoop(first), "fennel-redis-" + queue + "-pubsub");
        t.setDaemon(true);
        t.start();
      }
      confirmed = listener.confirmation(pattern);
    }
    PatternListener l;
    synchronized (lock) {
      l = listener;
    }
    try {
      l.connected.get(SUBSCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (l.sent.add(pattern)) {
        l.psubscribe(pattern);
      }
      confirmed.get(SUBSCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | JedisException e) {
      log.warn(
          "PSUBSCRIBE {} for queue '{}' not confirmed within {} s; messages may be missed",
          pattern,
          queue,
          SUBSCRIBE_TIMEOUT.toSeconds(),
          e);
    }
  }

  @Override
  public void cancel() {
    PatternListener l;
    synchronized (lock) {
      cancelled = true;
      lock.notifyAll();
      l = listener;
    }
    stopListening(l);
  }

  @Override
  public void close() {
    List<RedisDelivery> returned;
    PatternListener l;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      cancelled = true;
      returned = new ArrayList<>(unsettled.values());
      unsettled.clear();
      lock.notifyAll();
      l = listener;
    }
    stopListening(l);
    // RPUSH each at the consuming end, latest first, so they come back in delivery order.
    for (int i = returned.size() - 1; i >= 0; i--) {
      String tag = returned.get(i).tag();
      try {
        ledger.restore(tag, false);
      } catch (JedisException e) {
        log.warn(
            "could not put delivery {} back on '{}' ({}); the visibility timeout will",
            tag,
            queue,
            e.getMessage());
      }
    }
    if (Thread.currentThread() != poller) {
      try {
        poller.join(TimeUnit.SECONDS.toMillis(POLL_SECONDS + 2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    onClose.accept(this);
  }

  /** Settles one of this subscription's deliveries; stale ones (restored at close) are ignored. */
  void settle(RedisDelivery delivery, RedisDelivery.Settlement how) {
    synchronized (lock) {
      if (unsettled.get(delivery.tag()) != delivery) {
        log.debug("settling delivery {} of closed consumer '{}' ignored", delivery.tag(), queue);
        return;
      }
    }
    try {
      switch (how) {
        case ACK, DROP -> ledger.remove(delivery.tag());
        case REQUEUE -> ledger.restore(delivery.tag(), true);
      }
    } finally {
      synchronized (lock) {
        unsettled.remove(delivery.tag());
        lock.notifyAll();
      }
    }
  }

  private void poll() {
    List<String> keys = RedisKeys.consumeOrder(List.of(queue));
    boolean failing = false;
    long idle = MIN_IDLE_MILLIS;
    try {
      while (true) {
        synchronized (lock) {
          while (!cancelled && prefetch > 0 && unsettled.size() >= prefetch) {
            lock.wait();
          }
          if (cancelled) {
            return;
          }
        }
        List<String> popped;
        try {
          popped = ledger.take(keys);
        } catch (JedisException e) {
          if (!active()) {
            return;
          }
          if (!failing) {
            log.warn("consuming '{}' failed; retrying every second: {}", queue, e.getMessage());
          }
          failing = true;
          synchronized (lock) {
            lock.wait(RETRY_MILLIS);
          }
          continue;
        }
        if (failing) {
          log.info("consuming '{}' again", queue);
          failing = false;
        }
        if (popped == null) {
          synchronized (lock) {
            lock.wait(idle);
          }
          idle = Math.min(MAX_IDLE_MILLIS, idle * 2);
          continue;
        }
        idle = MIN_IDLE_MILLIS;
        deliver(popped.get(0), popped.get(1), popped.get(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(String list, String raw, String recordedTag) {
    boolean recorded = !recordedTag.isEmpty();
    Envelopes.Received message;
    try {
      message = Envelopes.decode(raw, queue);
    } catch (ProtocolException e) {
      log.error(
          "dropped a message from '{}' that is not a kombu envelope ({}): {}",
          list,
          e.getMessage(),
          PythonJson.excerpt(raw));
      if (recorded) {
        ledger.remove(recordedTag);
      }
      return;
    }
    if (message.deliveryTag() == null) {
      message =
          new Envelopes.Received(
              raw,
              message.exchange(),
              message.routingKey(),
              UUID.randomUUID().toString(),
              message.properties(),
              message.body(),
              message.redelivered());
    }
    synchronized (lock) {
      if (cancelled) {
        if (recorded) {
          ledger.restore(recordedTag, false);
        } else {
          pushBack(list, raw);
        }
        return;
      }
    }
    try {
      if (!recorded) {
        ledger.record(message.deliveryTag(), raw, message.exchange(), message.routingKey());
      }
    } catch (JedisException | ProtocolException e) {
      log.warn("could not record delivery {} as unacked: {}", message.deliveryTag(), e.toString());
      pushBack(list, raw);
      return;
    }
    RedisDelivery delivery = new RedisDelivery(message, queue, this);
    boolean restore;
    synchronized (lock) {
      restore = closed;
      if (!restore) {
        unsettled.put(delivery.tag(), delivery);
      }
    }
    if (restore) {
      ledger.restore(delivery.tag(), false);
      return;
    }
    hand(delivery);
  }

  private void pushBack(String list, String raw) {
    try {
      redis.rpush(list, raw);
    } catch (JedisException e) {
      log.error(
          "lost a message popped from '{}' while stopping: {}", list, PythonJson.excerpt(raw));
    }
  }

  private void hand(RedisDelivery delivery) {
    try {
      handler.handle(delivery);
    } catch (RuntimeException e) {
      log.error("delivery handler for queue '{}' threw; the delivery stays unsettled", queue, e);
    }
  }

  private void listenLoop(PatternListener first) {
    PatternListener current = first;
    while (true) {
      String[] now;
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        now = patterns.toArray(String[]::new);
        current.sent.addAll(patterns);
      }
      try {
        redis.psubscribe(current, now);
      } catch (JedisException e) {
        synchronized (lock) {
          if (cancelled) {
            return;
          }
        }
        log.warn("listening for '{}' failed; retrying every second: {}", queue, e.getMessage());
      }
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        try {
          lock.wait(RETRY_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        current = new PatternListener();
        listener = current;
      }
    }
  }

  private static void stopListening(PatternListener l) {
    if (l != null && l.isSubscribed()) {
      try {
        l.punsubscribe();
      } catch (RuntimeException e) {
        log.debug("PUNSUBSCRIBE failed", e);
      }
    }
  }

  /** Receives the queue's pub/sub messages on the listening thread. */
  private final class PatternListener extends JedisPubSub {
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<Void>> confirmations = new ConcurrentHashMap<>();

    CompletableFuture<Void> confirmation(String pattern) {
      return confirmations.computeIfAbsent(pattern, p -> new CompletableFuture<>());
    }

    @Override
    public void onPSubscribe(String pattern, int subscribedChannels) {
      connected.complete(null);
      confirmation(pattern).complete(null);
    }

    @Override
    public void onPMessage(String pattern, String channel, String message) {
      Envelopes.Received received;
      try {
        received = Envelopes.decode(message, queue);
      } catch (ProtocolException e) {
        log.warn(
            "ignored a message on {} that is not a kombu envelope ({}): {}",
            channel,
            e.getMessage(),
            PythonJson.excerpt(message));
        return;
      }
      if (active()) {
        hand(new RedisDelivery(received, queue, null));
      }
    }
  }
}
