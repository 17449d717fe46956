package io.fennel.core.result.redis;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;

/**
 * The one pub/sub connection (thread {@code fennel-redis-results}) that SUBSCRIBEs to {@code
 * celery-task-meta-<id>} channels for the tasks someone waits on and completes their futures when a
 * ready record is published; never polls.
 *
 * <p>The connection first subscribes to a private control channel so it can stay open while no task
 * is watched. SUBSCRIBE confirmations come back in order, so a watch created while an older
 * SUBSCRIBE for the same channel is still unconfirmed skips that many confirmations.
 */
final class ResultSubscriber {
  private static final Logger log = LoggerFactory.getLogger(ResultSubscriber.class);

  private final BiConsumer<JedisPubSub, String> connection;
  private final BiFunction<String, String, ResultRecord> decode;
  private final ThreadFactory threads;
  private final FailureHandler failures;
  private final String control = "fennel-redis-results-" + UUID.randomUUID();
  private final Object lock = new Object();
  private final Map<String, Watch> watches = new HashMap<>();
  private final Map<String, Integer> unconfirmed = new HashMap<>();
  private Listener listener;
  private CompletableFuture<Void> started;
  private boolean closed;

  /**
   * @param connection runs a blocking SUBSCRIBE to the given channel with the given listener on a
   *     connection of its own
   * @param threads makes the thread each subscription runs on
   * @param failures hears that a subscription was lost
   */
  ResultSubscriber(
      BiConsumer<JedisPubSub, String> connection, ThreadFactory threads, FailureHandler failures) {
    this(connection, threads, failures, (channel, message) -> ResultRecord.fromJson(message));
  }

  /** As above; {@code decode} reads a published message (channel, text) into a record. */
  ResultSubscriber(
      BiConsumer<JedisPubSub, String> connection,
      ThreadFactory threads,
      FailureHandler failures,
      BiFunction<String, String, ResultRecord> decode) {
    this.connection = connection;
    this.threads = threads;
    this.failures = failures;
    this.decode = decode;
  }

  /** Interest in one channel: completes {@link #subscribed} then {@link #ready}. */
  static final class Watch {
    final String channel;
    final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    final CompletableFuture<ResultRecord> ready = new CompletableFuture<>();
    private int skip;
    private int holders;
    private boolean pinned;

    Watch(String channel) {
      this.channel = channel;
    }
  }

  /** Starts the connection if needed; the future completes once it is subscribed. */
  CompletableFuture<Void> start() {
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("result backend closed"));
      }
      if (started == null) {
        Listener l = new Listener();
        CompletableFuture<Void> s = new CompletableFuture<>();
        listener = l;
        started = s;
        threads.newThread(() -> run(l, s)).start();
      }
      return started;
    }
  }

  /**
   * Subscribes to {@code channel} unless already subscribed; call after {@link #start()} completed.
   * A pinned watch (from {@code watch(id)}) lasts until a ready record arrives; others until their
   * holders {@link #release} them.
   */
  Watch acquire(String channel, boolean pin) {
    synchronized (lock) {
      if (closed || listener == null || !started.isDone()) {
        throw new IllegalStateException("subscriber not running");
      }
      Watch w = watches.get(channel);
      if (w == null) {
        w = new Watch(channel);
        w.skip = unconfirmed.getOrDefault(channel, 0);
        unconfirmed.merge(channel, 1, Integer::sum);
        watches.put(channel, w);
        listener.subscribe(channel);
      }
      if (pin) {
        w.pinned = true;
      } else {
        w.holders++;
      }
      return w;
    }
  }

  /** Drops one holder; the channel is unsubscribed when nobody needs it any more. */
  void release(Watch w) {
    synchronized (lock) {
      w.holders--;
      if (w.holders <= 0 && !w.pinned) {
        drop(w);
      }
    }
  }

  /** Completes a watch with a ready record found another way (the GET after subscribing). */
  void settle(Watch w, ResultRecord ready) {
    synchronized (lock) {
      w.ready.complete(ready);
      drop(w);
    }
  }

  /** Stops the connection and fails every open watch. */
  void close() {
    Listener l;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      l = listener;
      failAll(new IllegalStateException("result backend closed"));
    }
    if (l != null && l.isSubscribed()) {
      try {
        l.unsubscribe();
      } catch (RuntimeException e) {
        log.debug("unsubscribing all on close failed", e);
      }
    }
  }

  static boolean isReady(ResultRecord r) {
    return TaskState.fromWire(r.status()).map(TaskState::ready).orElse(false);
  }

  private void run(Listener l, CompletableFuture<Void> s) {
    RuntimeException failure = null;
    try {
      connection.accept(l, control);
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (lock) {
      if (listener == l) {
        listener = null;
        started = null;
      }
      RuntimeException cause =
          failure != null ? failure : new IllegalStateException("result subscription ended");
      s.completeExceptionally(cause);
      if (!closed) {
        if (failure != null && l.wasConnected) {
          failures.handle(
              "redis.results", "the result subscription (waiters read the key instead)", failure);
        }
        failAll(cause);
      }
    }
  }

  private void drop(Watch w) {
    if (watches.get(w.channel) == w) {
      watches.remove(w.channel);
      if (listener != null && listener.isSubscribed()) {
        try {
          listener.unsubscribe(w.channel);
        } catch (RuntimeException e) {
          log.debug("UNSUBSCRIBE {} failed", w.channel, e);
        }
      }
    }
  }

  private void failAll(RuntimeException cause) {
    List<Watch> open = new ArrayList<>(watches.values());
    watches.clear();
    unconfirmed.clear();
    for (Watch w : open) {
      w.subscribed.completeExceptionally(cause);
      w.ready.completeExceptionally(cause);
    }
  }

  private final class Listener extends JedisPubSub {
    volatile boolean wasConnected;

    void subscribe(String channel) {
      super.subscribe(channel);
    }

    @Override
    public void onSubscribe(String channel, int count) {
      if (channel.equals(control)) {
        wasConnected = true;
        CompletableFuture<Void> s;
        boolean stop;
        synchronized (lock) {
          s = listener == this ? started : null;
          stop = closed;
        }
        if (stop) {
          unsubscribe();
          return;
        }
        if (s != null) {
          s.complete(null);
        }
        return;
      }
      synchronized (lock) {
        unconfirmed.computeIfPresent(channel, (k, n) -> n <= 1 ? null : n - 1);
        Watch w = watches.get(channel);
        if (w != null) {
          if (w.skip > 0) {
            w.skip--;
          } else {
            w.subscribed.complete(null);
          }
        }
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      ResultRecord r;
      try {
        r = decode.apply(channel, message);
      } catch (ProtocolException e) {
        log.warn("ignoring a malformed result published on {}: {}", channel, e.getMessage());
        return;
      }
      if (!isReady(r)) {
        return;
      }
      synchronized (lock) {
        Watch w = watches.get(channel);
        if (w != null) {
          w.ready.complete(r);
          drop(w);
        }
      }
    }
  }

  /** The control channel this subscriber keeps its connection open with (for tests and logs). */
  String controlChannel() {
    return control;
  }
}
