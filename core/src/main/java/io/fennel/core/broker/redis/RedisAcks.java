package io.fennel.core.broker.redis;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The acknowledgements of one Redis broker's consumers, written off the task threads: an ack only
 * adds its delivery tag to a list, and thread {@code fennel-redis-acks} clears every tag waiting in
 * one {@code MULTI; ZREM unacked_index tag...; HDEL unacked tag...; EXEC} (kombu's ack, for many
 * tags at once), then takes whatever gathered meanwhile. Nothing waits on a timer: an ack reaches
 * Redis as soon as the write before it returns, and under load each write carries more tags.
 *
 * <p>A write that fails (Redis away) is reported to the {@link FailureHandler} and retried from 100
 * ms, doubling to 2 s, until it succeeds or the broker closes; what is still waiting then is left
 * in {@code unacked}, where the visibility timeout restores it. The list holds at most one tag per
 * delivery a consumer took, so it stays as small as the prefetch.
 */
final class RedisAcks implements AutoCloseable {
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration LAST_RETRY = Duration.ofSeconds(2);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  private final UnackedLedger ledger;
  private final FailureHandler failures;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // guarded by lock
  private List<String> waiting = new ArrayList<>();
  private boolean writing;
  private boolean closed;
  private Thread writer;

  RedisAcks(UnackedLedger ledger, FailureHandler failures) {
    this.ledger = ledger;
    this.failures = failures;
  }

  /** Queues the ack of {@code tag}; after {@link #close} it is written at once, here. */
  void ack(String tag) {
    lock.lock();
    try {
      if (!closed) {
        if (writer == null) {
          writer = FennelThreads.start("redis-acks", null, this::run);
        }
        waiting.add(tag);
        changed.signalAll();
        return;
      }
    } finally {
      lock.unlock();
    }
    ledger.remove(List.of(tag));
  }

  /** Returns once every ack queued before the call is in Redis, or {@code timeout} passed. */
  boolean awaitWritten(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while ((writing || !waiting.isEmpty()) && !closed) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return waiting.isEmpty() && !writing;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    int failed = 0;
    while (true) {
      List<String> batch;
      lock.lock();
      try {
        while (waiting.isEmpty() && !closed) {
          changed.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        batch = waiting;
        waiting = new ArrayList<>();
        writing = true;
      } finally {
        lock.unlock();
      }
      boolean written = write(batch, failed);
      lock.lock();
      try {
        writing = false;
        if (!written) {
          batch.addAll(waiting);
          waiting = batch;
          failed++;
          pause(failed);
        } else {
          failed = 0;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private boolean write(List<String> batch, int failedBefore) {
    try {
      ledger.remove(batch);
      return true;
    } catch (JedisException e) {
      if (failedBefore == 0) {
        failures.handle(
            "redis.ack",
            "acknowledging "
                + batch.size()
                + " deliveries (retrying; until it works they stay in unacked)",
            e);
      }
      return false;
    }
  }

  /** Waits out retry {@code attempt} (lock held); ends early when the broker closes. */
  private void pause(int attempt) {
    long nanos = Math.min(FIRST_RETRY.toNanos() << Math.min(attempt - 1, 10), LAST_RETRY.toNanos());
    long deadline = System.nanoTime() + nanos;
    while (!closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        changed.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Stops the writer and writes what is still waiting on the calling thread, once; a failure leaves
   * those tags in {@code unacked} for the visibility timeout and is reported.
   */
  @Override
  public void close() {
    Thread w;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      w = writer;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (w != null && w != Thread.currentThread()) {
      try {
        w.join(JOIN_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> rest;
    lock.lock();
    try {
      rest = waiting;
      waiting = new ArrayList<>();
    } finally {
      lock.unlock();
    }
    if (!rest.isEmpty()) {
      write(rest, 0);
    }
  }
}
