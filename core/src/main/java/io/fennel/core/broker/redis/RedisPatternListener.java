package io.fennel.core.broker.redis;

import io.fennel.core.runtime.Backoff;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Hears what a queue's topic and fanout bindings bring, as kombu does: thread {@code
 * fennel-redis-<queue>-pubsub} PSUBSCRIBEs the bindings' patterns; those messages are not recorded
 * and settling them does nothing. A lost connection is retried with a {@link Backoff} on the
 * injected {@link Scheduler}, re-subscribing every pattern.
 */
final class RedisPatternListener {
  private static final Logger log = LoggerFactory.getLogger(RedisPatternListener.class);
  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<Connection> connections;
  private final String queue;
  private final Consumer<RedisDelivery> hand;
  private final Scheduler scheduler;
  private final FailureHandler failures;

  private final Object lock = new Object();
  // guarded by lock
  private final Set<String> patterns = new LinkedHashSet<>();
  private Listener listener;
  private Thread thread;
  private boolean cancelled;
  private boolean pausing;

  /**
   * @param connections where each listening session's connection comes from (the broker's pool); it
   *     is discarded afterwards, never handed back
   */
  RedisPatternListener(
      Supplier<Connection> connections,
      String queue,
      Consumer<RedisDelivery> hand,
      Scheduler scheduler,
      FailureHandler failures) {
    this.connections = connections;
    this.queue = queue;
    this.hand = hand;
    this.scheduler = scheduler;
    this.failures = failures;
  }

  /**
   * PSUBSCRIBEs one more pattern and waits (up to 5 s) until Redis confirms it, so messages
   * published afterwards reach this consumer. The first pattern starts the listening thread.
   */
  void listen(String pattern) {
    CompletableFuture<Void> confirmed;
    Listener l;
    synchronized (lock) {
      if (cancelled || !patterns.add(pattern)) {
        return;
      }
      if (listener == null) {
        listener = new Listener();
        Listener first = listener;
        thread = FennelThreads.start("redis-" + queue + "-pubsub", null, () -> listenLoop(first));
      }
      confirmed = listener.confirmation(pattern);
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

  /** Stops listening; messages published afterwards are not heard. */
  void cancel() {
    Listener l;
    synchronized (lock) {
      if (cancelled) {
        return; // once: a second PUNSUBSCRIBE would arrive after the session had ended
      }
      cancelled = true;
      l = listener;
      if (pausing) {
        thread.interrupt(); // ends a retry wait on a scheduler whose clock may never move
      }
    }
    if (l != null && l.isSubscribed()) {
      try {
        l.punsubscribe();
      } catch (RuntimeException e) {
        log.debug("PUNSUBSCRIBE failed", e);
      }
    }
  }

  private boolean active() {
    synchronized (lock) {
      return !cancelled;
    }
  }

  private void listenLoop(Listener first) {
    Listener current = first;
    int failed = 0;
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
        try (Connection c = connections.get()) {
          try {
            current.proceedWithPatterns(c, now);
          } finally {
            // Discarded, not pooled: a session that ended early (an error in a handler, an
            // interrupt) may leave it subscribed, and its next borrower would read a pushed
            // message as the reply to its own command.
            c.setBroken();
          }
        }
        failed = 0;
      } catch (JedisException e) {
        if (!active()) {
          return;
        }
        failures.handle("redis.pubsub", "listening for queue '" + queue + "'", e);
      }
      // a handler that interrupted its thread ended the session early; only cancel() ends this loop
      Thread.interrupted();
      if (!pause(++failed)) {
        return;
      }
      synchronized (lock) {
        if (cancelled) {
          return;
        }
        current = new Listener();
        listener = current;
      }
    }
  }

  /** Waits out retry {@code attempt}; false when cancelled meanwhile. */
  private boolean pause(int attempt) {
    synchronized (lock) {
      if (cancelled) {
        return false;
      }
      pausing = true;
    }
    try {
      return RedisListConsumer.RETRY.pause(scheduler, attempt);
    } finally {
      synchronized (lock) {
        pausing = false;
        Thread.interrupted();
      }
    }
  }

  /** Receives the queue's pub/sub messages on the listening thread. */
  private final class Listener extends JedisPubSub {
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
      if (!active()) {
        punsubscribe(); // cancelled before Redis confirmed: cancel() had nothing to end yet
      }
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
        hand.accept(new RedisDelivery(received, queue, null));
      }
    }
  }
}
