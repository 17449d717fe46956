package io.fennel.core.broker.redis;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * in {@code unacked}, where the visibility timeout restores it. Each transaction carries at most
 * 1,000 tags.
 */
final class RedisAcks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisAcks.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration LAST_RETRY = Duration.ofSeconds(2);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  /** Tags per transaction at most. */
  static final int MAX_BATCH = 1_000;

  private final UnackedLedger ledger;
  private final FailureHandler failures;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // guarded by lock
  private List<String> waiting = new ArrayList<>();
  private long queued; // acks queued so far
  private long written; // of those, the ones written (in order: a batch is a prefix)
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
        queued++;
        changed.signalAll();
        return;
      }
    } finally {
      lock.unlock();
    }
    ledger.remove(List.of(tag));
  }

  /**
   * Returns true once every ack queued before the call is in Redis (acks queued later do not hold
   * it up), false if {@code timeout} passed first or the broker closed.
   */
  boolean awaitWritten(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      long target = queued;
      while (written < target && !closed) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return written >= target;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    int failed = 0;
    while (true) {
      List<String> batch;
      long end;
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
        end = queued;
      } finally {
        lock.unlock();
      }
      boolean ok = write(batch, failed);
      lock.lock();
      try {
        if (!ok) {
          batch.addAll(waiting);
          waiting = batch;
          failed++;
          pause(failed);
        } else {
          written = end;
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
      for (int from = 0; from < batch.size(); from += MAX_BATCH) {
        ledger.remove(batch.subList(from, Math.min(batch.size(), from + MAX_BATCH)));
      }
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
        return; // nothing interrupts this thread on purpose; the flag is not kept, so no spin
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
      if (w.isAlive()) {
        log.warn(
            "acks still being written after {} s; unwritten ones stay in unacked",
            JOIN_TIMEOUT.toSeconds());
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
