package io.fennel.core.broker.redis;

import io.fennel.core.runtime.Backoff;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Takes one queue's messages from its Redis lists, as kombu's Redis channel does, on thread {@code
 * fennel-redis-<queue>} (thread {@code fennel-redis-<queue>-hand} decodes and hands them, so the
 * next take overlaps that work): in kombu's priority order, never while {@code prefetch} deliveries
 * are unsettled. Unlike kombu's BRPOP, it pops and records the delivery in {@code unacked}/{@code
 * unacked_index} in one Lua script, so a worker killed between the two steps loses nothing; one
 * call takes as many messages as there are free prefetch slots (at most 16). Acks go through the
 * broker's {@link RedisAcks}, so a task thread never waits on Redis to acknowledge. An idle
 * consumer blocks on its queue's main list ({@code BLMOVE q q RIGHT RIGHT}, which leaves the list
 * as it was) for 5 ms, doubling to 200 ms, so a message sent to it is taken at once and one on a
 * priority list within that wait; on a Redis without BLMOVE (before 6.2) it waits the same on the
 * injected {@link Scheduler}. A failing consumer retries on the scheduler from 100 ms to 2 s.
 */
final class RedisListConsumer {
  private static final Logger log = LoggerFactory.getLogger(RedisListConsumer.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(3);
  static final Backoff IDLE = new Backoff(Duration.ofMillis(5), Duration.ofMillis(200));
  static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  /** Messages taken in one round trip at most (fewer when fewer prefetch slots are free). */
  static final int MAX_TAKE = 16;

  /** Taken but not yet handed at most, when the prefetch is unlimited. */
  static final int MAX_HANDING = 4 * MAX_TAKE;

  private final UnifiedJedis redis;
  private final UnackedLedger ledger;
  private final RedisAcks acks;
  private final String queue;
  private volatile int prefetch;
  private final Consumer<RedisDelivery> hand;
  private final Scheduler scheduler;
  private final FailureHandler failures;
  private final IdleListWait idleWait;
  private Thread poller;
  private Thread deliverer;

  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, RedisDelivery> unsettled = new LinkedHashMap<>();
  private boolean cancelled;
  private boolean closed;
  private boolean pausing;
  // taken from Redis (and recorded in unacked), not yet handed: [list, envelope, tag] each
  private final ArrayDeque<String[]> taken = new ArrayDeque<>();
  private int handing; // taken.size() plus the one being handed

  RedisListConsumer(
      UnifiedJedis redis,
      UnackedLedger ledger,
      RedisAcks acks,
      String queue,
      int prefetch,
      Consumer<RedisDelivery> hand,
      Scheduler scheduler,
      FailureHandler failures) {
    this.redis = redis;
    this.ledger = ledger;
    this.acks = acks;
    this.queue = queue;
    this.prefetch = prefetch;
    this.hand = hand;
    this.scheduler = scheduler;
    this.failures = failures;
    this.idleWait = new IdleListWait(redis, queue);
  }

  void start() {
    deliverer = FennelThreads.start("redis-" + queue + "-hand", null, this::handTaken);
    poller = FennelThreads.start("redis-" + queue, null, this::poll);
  }

  /** Whether it still takes new deliveries. */
  boolean active() {
    synchronized (lock) {
      return !cancelled;
    }
  }

  /** Stops taking new deliveries; those in hand can still be settled. */
  void cancel() {
    synchronized (lock) {
      cancelled = true;
      lock.notifyAll();
      wake();
    }
  }

  /** Ends a pause in progress (it waits on a scheduler whose clock may never move). */
  private void wake() {
    if (pausing) {
      poller.interrupt();
    }
  }

  /**
   * Waits out retry {@code attempt} of {@code backoff} on the scheduler; false when cancelled
   * meanwhile. The interrupt that {@link #cancel} uses to end the wait never leaks past it.
   */
  private boolean pause(Backoff backoff, int attempt) {
    synchronized (lock) {
      if (cancelled) {
        return false;
      }
      pausing = true;
    }
    try {
      return backoff.pause(scheduler, attempt);
    } finally {
      synchronized (lock) {
        pausing = false;
        Thread.interrupted();
      }
    }
  }

  /**
   * Stops, and puts the unsettled deliveries back at the consuming end of their list, marked
   * redelivered (kombu restores unacknowledged messages when a channel closes). Returns false if it
   * was already closed.
   */
  boolean close() {
    List<RedisDelivery> returned;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      cancelled = true;
      returned = new ArrayList<>(unsettled.values());
      unsettled.clear();
      lock.notifyAll();
      wake();
    }
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
    try {
      if (!acks.awaitWritten(JOIN_TIMEOUT)) {
        log.warn("acks of '{}' not written within {} s; they are retried", queue, JOIN_TIMEOUT);
      }
      for (Thread t : new Thread[] {poller, deliverer}) {
        if (t != null && Thread.currentThread() != t) {
          t.join(JOIN_TIMEOUT.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** Settles one of its deliveries; stale ones (restored at close) are ignored. */
  void settle(RedisDelivery delivery, RedisDelivery.Settlement how) {
    synchronized (lock) {
      if (unsettled.get(delivery.tag()) != delivery) {
        log.debug("settling delivery {} of closed consumer '{}' ignored", delivery.tag(), queue);
        return;
      }
    }
    try {
      switch (how) {
        case ACK, DROP -> acks.ack(delivery.tag());
        case REQUEUE -> ledger.restore(delivery.tag(), true);
      }
    } finally {
      synchronized (lock) {
        unsettled.remove(delivery.tag());
        lock.notifyAll();
      }
    }
  }

  /** Changes the prefetch limit; a poller waiting for a free slot looks again. */
  void prefetch(int count) {
    synchronized (lock) {
      prefetch = count;
      lock.notifyAll();
    }
  }

  private void poll() {
    List<String> keys = RedisKeys.consumeOrder(List.of(queue));
    int failed = 0;
    int idle = 0;
    try {
      while (true) {
        int room;
        synchronized (lock) {
          while (!cancelled && free() <= 0) {
            lock.wait();
          }
          if (cancelled) {
            return;
          }
          room = Math.min(free(), MAX_TAKE);
        }
        List<String> popped;
        try {
          popped = ledger.take(keys, room);
        } catch (JedisException e) {
          if (!active()) {
            return;
          }
          failures.handle("redis.poll", "consuming '" + queue + "'", e);
          if (!pause(RETRY, ++failed)) {
            return;
          }
          continue;
        }
        if (failed > 0) {
          log.info("consuming '{}' again", queue);
          failed = 0;
        }
        if (popped == null) {
          if (!awaitArrival(keys.get(0), ++idle)) {
            return;
          }
          continue;
        }
        idle = 0;
        boolean queued;
        synchronized (lock) {
          queued = !cancelled;
          if (queued) {
            for (int i = 0; i + 2 < popped.size(); i += 3) {
              taken.add(new String[] {popped.get(i), popped.get(i + 1), popped.get(i + 2)});
              handing++;
            }
            lock.notifyAll();
          }
        }
        if (!queued) { // the hand thread may be gone: put them back here
          for (int i = 0; i + 2 < popped.size(); i += 3) {
            deliver(popped.get(i), popped.get(i + 1), popped.get(i + 2));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Slots left for taking (lock held): the prefetch less what is unsettled or being handed. */
  private int free() {
    if (prefetch <= 0) {
      return MAX_HANDING - handing;
    }
    return prefetch - unsettled.size() - handing;
  }

  /**
   * Thread {@code fennel-redis-<queue>-hand}: decodes and hands what the poller took, so the next
   * take's round trip overlaps this work. Once cancelled it still drains what was taken (each is
   * put back by {@link #deliver}), then ends.
   */
  private void handTaken() {
    while (true) {
      String[] next;
      synchronized (lock) {
        while (taken.isEmpty() && !cancelled) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        next = taken.poll();
        if (next == null) {
          return;
        }
      }
      try {
        deliver(next[0], next[1], next[2]);
      } catch (RuntimeException e) {
        failures.handle("redis.poll", "handing a delivery from '" + queue + "'", e);
      } finally {
        synchronized (lock) {
          handing--;
          lock.notifyAll();
        }
      }
    }
  }

  /** Waits out idle round {@code attempt} on {@code list}; false when cancelled meanwhile. */
  private boolean awaitArrival(String list, int attempt) {
    if (!idleWait.block(list, IDLE.delay(attempt))) {
      return pause(IDLE, attempt);
    }
    return active();
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
      message = message.withDeliveryTag(UUID.randomUUID().toString());
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
    hand.accept(delivery);
  }

  private void pushBack(String list, String raw) {
    try {
      redis.rpush(list, raw);
    } catch (JedisException e) {
      log.error(
          "lost a message popped from '{}' while stopping: {}", list, PythonJson.excerpt(raw));
    }
  }
}
