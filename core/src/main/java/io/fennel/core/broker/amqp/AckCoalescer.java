package io.fennel.core.broker.amqp;

import io.fennel.core.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The acknowledgements of one consumer channel, sent in as few frames as the order of settling
 * allows: one {@code basic.ack(tag, multiple=true)} for every acknowledged delivery below the
 * oldest unsettled one, a single ack for each acknowledged delivery above it. A frame goes out when
 * {@code batch} acks wait, or at the latest {@code linger} after the oldest waiting ack; rejects go
 * out at once. A multiple ack never covers a delivery still unsettled, because deliveries are
 * registered in tag order before anyone can settle them.
 *
 * <p>An ack does not go out merely because nothing delivered is left unsettled: a consumer that
 * settles each delivery before the next is handed over (the console's event consumer) always has
 * none left, and sent one frame per message that way. The linger bounds the wait instead; with
 * {@code batch} at most a quarter of the prefetch, the waiting acks never hold the broker back.
 *
 * <p>Each ack or reject written once per delivery saves RabbitMQ and the worker a frame and a
 * socket write per task; an early ack reaches the broker at most {@code linger} late.
 */
final class AckCoalescer {
  /** Where frames go: the channel, or a recorder in tests. */
  interface Sink {
    void ack(long tag, boolean multiple) throws IOException;

    void reject(long tag, boolean requeue) throws IOException;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Sink sink;
  private final Scheduler timer;
  private final Duration linger;
  private final TreeSet<Long> unsettled = new TreeSet<>();
  private final List<Long> waiting = new ArrayList<>();
  private int batch;
  private long oldestWaitingSince;
  private boolean timerArmed;

  AckCoalescer(Sink sink, Scheduler timer, Duration linger, int batch) {
    this.sink = sink;
    this.timer = timer;
    this.linger = linger;
    this.batch = Math.max(1, batch);
  }

  /** The batch for a prefetch of {@code prefetch}: a quarter of it, 1 to 256. */
  static int batchFor(int prefetch) {
    return Math.clamp(prefetch / 4, 1, 256);
  }

  /** Sets how many acks may wait (after a prefetch change). */
  void batch(int size) {
    lock.lock();
    try {
      batch = Math.max(1, size);
    } finally {
      lock.unlock();
    }
  }

  /** A delivery arrived; called in tag order, before it can be settled. */
  void delivered(long tag) {
    lock.lock();
    try {
      unsettled.add(tag);
    } finally {
      lock.unlock();
    }
  }

  /** Acknowledges {@code tag}, now or with others soon. */
  void ack(long tag) throws IOException {
    lock.lock();
    try {
      if (!unsettled.remove(tag)) {
        sink.ack(tag, false); // not ours to coalesce (registered before a reset): send as it is
        return;
      }
      if (waiting.isEmpty()) {
        oldestWaitingSince = timer.nanoTime();
      }
      waiting.add(tag);
      if (waiting.size() >= batch) {
        flushLocked();
      } else if (!timerArmed) {
        timerArmed = true;
        timer.schedule(this::onTimer, linger);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Rejects {@code tag} at once; waiting acks stay waiting. */
  void reject(long tag, boolean requeue) throws IOException {
    lock.lock();
    try {
      unsettled.remove(tag);
      sink.reject(tag, requeue);
    } finally {
      lock.unlock();
    }
  }

  /** Sends every waiting ack now (before the channel closes). */
  void flush() throws IOException {
    lock.lock();
    try {
      flushLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets everything: the channel died or recovered, so its unsettled deliveries come again and
   * waiting acks would name tags the broker no longer knows.
   */
  void reset() {
    lock.lock();
    try {
      unsettled.clear();
      waiting.clear();
    } finally {
      lock.unlock();
    }
  }

  /** How many acks wait to be sent (for tests and stats). */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void onTimer() {
    lock.lock();
    try {
      timerArmed = false;
      if (waiting.isEmpty()) {
        return;
      }
      long due = oldestWaitingSince + linger.toNanos() - timer.nanoTime();
      if (due > 0) {
        timerArmed = true;
        timer.schedule(this::onTimer, Duration.ofNanos(due));
        return;
      }
      flushLocked();
    } catch (IOException e) {
      // the channel is closing: the broker delivers these messages again, as it would have anyway
    } finally {
      lock.unlock();
    }
  }

  private void flushLocked() throws IOException {
    if (waiting.isEmpty()) {
      return;
    }
    long frontier = unsettled.isEmpty() ? Long.MAX_VALUE : unsettled.first() - 1;
    long highestCovered = -1;
    int covered = 0;
    for (long tag : waiting) {
      if (tag <= frontier) {
        highestCovered = Math.max(highestCovered, tag);
        covered++;
      }
    }
    List<Long> singles = new ArrayList<>(waiting.size() - covered);
    for (long tag : waiting) {
      if (tag > frontier) {
        singles.add(tag);
      }
    }
    waiting.clear();
    if (covered == 1) {
      sink.ack(highestCovered, false);
    } else if (covered > 1) {
      sink.ack(highestCovered, true);
    }
    for (long tag : singles) {
      sink.ack(tag, false);
    }
  }
}
