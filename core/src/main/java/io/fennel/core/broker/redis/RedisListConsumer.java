package io.fennel.core.broker.redis;

import io.fennel.core.runtime.Backoff;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** Put in {@code taken} once cancelled: the hand thread drains what is left and ends. */
  private static final String[] STOP = new String[0];

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
  // taken from Redis (and recorded in unacked), not yet handed: [list, envelope, tag] each; only
  // the poller adds, under lock while not cancelled, so nothing is added after STOP
  private final BlockingQueue<String[]> taken = new LinkedBlockingQueue<>();
  private final AtomicInteger handing = new AtomicInteger(); // queued plus the one being handed

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
      taken.add(STOP);
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
    List<String[]> back = new ArrayList<>(); // [list, envelope, tag], oldest first
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      cancelled = true;
      unsettled.values().forEach(d -> back.add(new String[] {queue, "", d.tag()}));
      unsettled.clear();
      int before = back.size();
      taken.drainTo(back);
      back.removeIf(item -> item == STOP);
      handing.addAndGet(before - back.size());
      taken.add(STOP);
      lock.notifyAll();
      wake();
    }
    // RPUSH each at the consuming end, latest first, so they come back in delivery order.
    for (int i = back.size() - 1; i >= 0; i--) {
      ledger.putBack(back.get(i)[0], back.get(i)[1], back.get(i)[2]);
    }
    try {
      if (!acks.awaitWritten(JOIN_TIMEOUT)) {
        log.warn(
            "acks of '{}' not written within {} s; they are retried",
            queue,
            JOIN_TIMEOUT.toSeconds());
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
    synchronized (lock) { // taken out first, so a close meanwhile cannot put an acked one back
      if (unsettled.get(delivery.tag()) != delivery) {
        log.debug("settling delivery {} of closed consumer '{}' ignored", delivery.tag(), queue);
        return;
      }
      unsettled.remove(delivery.tag());
      lock.notifyAll();
    }
    switch (how) {
      case ACK, DROP -> acks.ack(delivery.tag());
      case REQUEUE -> ledger.restore(delivery.tag(), true);
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
              handing.incrementAndGet();
              taken.add(new String[] {popped.get(i), popped.get(i + 1), popped.get(i + 2)});
            }
          }
        }
        if (!queued) { // the hand thread may be gone: put them back here
          for (int i = 0; i + 2 < popped.size(); i += 3) {
            ledger.putBack(popped.get(i), popped.get(i + 1), popped.get(i + 2));
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
      return MAX_HANDING - handing.get();
    }
    return prefetch - unsettled.size() - handing.get();
  }

  /**
   * Thread {@code fennel-redis-<queue>-hand}: decodes and hands what the poller took, so the next
   * take's round trip overlaps this work. Once cancelled it still drains what was taken (each is
   * put back by {@link #admit}), then ends.
   */
  private void handTaken() {
    boolean stopping = false;
    while (true) {
      String[] next;
      try {
        next = stopping ? taken.poll() : taken.take();
      } catch (InterruptedException e) {
        continue; // a handler's interrupt; only STOP ends this thread
      }
      if (next == null) {
        return;
      }
      if (next == STOP) {
        stopping = true;
        continue;
      }
      RedisDelivery admitted;
      try {
        admitted = admit(next[0], next[1], next[2]);
      } catch (RuntimeException e) {
        failures.handle("redis.poll", "handing a delivery from '" + queue + "'", e);
        admitted = null;
      }
      if (admitted == null) { // not moved to unsettled: its slot is free now
        handing.decrementAndGet();
        synchronized (lock) {
          lock.notifyAll();
        }
      } else {
        RedisDelivery d = admitted;
        failures.guard("redis.poll", "handing delivery " + d.tag(), () -> hand.accept(d));
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

  /**
   * Decodes one message and records it if needed; returns it once it is unsettled (moved there from
   * {@code handing} in the same step), or null when it was dropped or put back.
   */
  private RedisDelivery admit(String list, String raw, String recordedTag) {
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
      return null;
    }
    if (message.deliveryTag() == null) {
      message = message.withDeliveryTag(UUID.randomUUID().toString());
    }
    boolean stopped;
    synchronized (lock) {
      stopped = cancelled;
    }
    if (stopped) {
      ledger.putBack(list, raw, recordedTag);
      return null;
    }
    try {
      if (!recorded) {
        ledger.record(message.deliveryTag(), raw, message.exchange(), message.routingKey());
      }
    } catch (JedisException | ProtocolException e) {
      log.warn("could not record delivery {} as unacked: {}", message.deliveryTag(), e.toString());
      ledger.pushBack(list, raw);
      return null;
    }
    RedisDelivery delivery = new RedisDelivery(message, queue, this);
    boolean restore;
    synchronized (lock) {
      restore = closed;
      if (!restore) {
        unsettled.put(delivery.tag(), delivery);
        handing.decrementAndGet();
        if (prefetch <= 0) { // unsettled ones take no slot then: one is free now
          lock.notifyAll();
        }
      }
    }
    if (restore) {
      ledger.putBack(list, raw, delivery.tag());
      return null;
    }
    return delivery;
  }
}
