package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import io.fennel.core.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Publishes persistent messages on one channel in confirm mode shared by every thread, with
 * pipelined confirms: each message gets a future that the broker's {@code basic.ack} (often one
 * {@code multiple=true} ack for many) completes, and its {@code basic.nack} or the channel's loss
 * fails. At most {@code window} messages are in flight; a publisher beyond it waits for a slot.
 *
 * <p>No message is ever left without an answer: every future completes with the confirm, the nack,
 * the channel's shutdown, {@link #close()}, or a {@link TimeoutException} once its confirm is
 * {@code timeout} overdue. The deadlines are kept by the broker's one timer thread, which looks at
 * the oldest unconfirmed message every tenth of the timeout (a second at most): messages are in
 * flight in the order they were written, so one look finds every overdue one, where a timer per
 * message cost a publisher a fifth of its CPU.
 */
final class ConfirmedPublisher implements AutoCloseable {
  private static final Duration MAX_LOOK = Duration.ofSeconds(1);

  private final Connection connection;
  private final Semaphore slots;
  private final int window;
  private final Duration timeout;
  private final Supplier<Scheduler> timer;
  private final ReentrantLock lock = new ReentrantLock();
  private Line line; // guarded by lock
  private Scheduler clock; // guarded by lock: set, with the deadline check, by the first line
  private Scheduler.Cancellable deadlines; // guarded by lock

  /**
   * A publisher of at most {@code window} unconfirmed messages, each failed when its confirm is
   * {@code timeout} late; {@code timer} gives the thread and clock that keep the deadlines.
   */
  ConfirmedPublisher(
      Connection connection, int window, Duration timeout, Supplier<Scheduler> timer) {
    if (window < 1) {
      throw new IllegalArgumentException("confirm window must be >= 1, was " + window);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("confirm timeout must be positive, was " + timeout);
    }
    this.connection = connection;
    this.window = window;
    this.timeout = timeout;
    this.timer = timer;
    this.slots = new Semaphore(window);
  }

  /**
   * Writes a message and returns the future of its confirm; waits up to {@code slotTimeout} for
   * room in the window.
   *
   * @throws IOException when the channel cannot be opened or the write fails
   * @throws java.util.concurrent.TimeoutException when the window stays full that long
   */
  CompletableFuture<Void> publish(
      String exchange,
      String routingKey,
      AMQP.BasicProperties props,
      byte[] body,
      Duration slotTimeout)
      throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
    if (!slots.tryAcquire(slotTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new java.util.concurrent.TimeoutException(
          "no room among the in-flight publishes within " + slotTimeout.toSeconds() + " s");
    }
    lock.lock();
    Pending confirm = null;
    try {
      Line l = line();
      confirm = new Pending(clock.nanoTime());
      confirm.whenComplete((ok, e) -> slots.release());
      long seq = l.channel.getNextPublishSeqNo();
      l.pending.put(seq, confirm);
      try {
        l.channel.basicPublish(exchange, routingKey, false, props, body);
      } catch (IOException | RuntimeException e) {
        l.pending.remove(seq);
        confirm.completeExceptionally(e);
        drop(l);
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      if (confirm == null) {
        slots.release(); // no line to write on: the slot was never used
      } else if (!confirm.isDone()) {
        confirm.completeExceptionally(e);
      }
      throw e;
    } finally {
      lock.unlock();
    }
    return confirm;
  }

  /** Messages written whose confirm has not come yet. */
  int inFlight() {
    lock.lock();
    try {
      return line == null ? 0 : line.pending.size();
    } finally {
      lock.unlock();
    }
  }

  private Line line() throws IOException {
    if (line == null || !line.channel.isOpen()) {
      if (line != null) {
        drop(line);
      }
      Channel channel = connection.createChannel();
      if (channel == null) {
        throw new IOException("the broker allows no more channels on this connection");
      }
      channel.confirmSelect();
      line = new Line(channel);
      if (deadlines == null) {
        clock = timer.get();
        Duration look = timeout.dividedBy(10);
        deadlines = clock.every(this::failOverdue, look.compareTo(MAX_LOOK) > 0 ? MAX_LOOK : look);
      }
    }
    return line;
  }

  /** Fails, oldest first, every message of the current line whose confirm is overdue. */
  void failOverdue() {
    Line l;
    long now;
    lock.lock();
    try {
      l = line;
      now = clock.nanoTime();
    } finally {
      lock.unlock();
    }
    if (l == null) {
      return;
    }
    long late = timeout.toNanos();
    for (var e = l.pending.firstEntry(); e != null; e = l.pending.firstEntry()) {
      Pending p = e.getValue();
      if (now - p.writtenAt < late) {
        return;
      }
      if (l.pending.remove(e.getKey(), p)) {
        p.completeExceptionally(
            new TimeoutException("no publisher confirm within " + timeout.toSeconds() + " s"));
      }
    }
  }

  /** Forgets a channel that failed: its unconfirmed messages fail, it never recovers. */
  private void drop(Line l) {
    if (line == l) {
      line = null;
    }
    // the broker's reason for closing (a missing exchange, say) names what to fix; keep it
    l.failAll(
        new IOException(
            "the publishing channel closed before the broker confirmed",
            l.channel.getCloseReason()));
    try {
      l.channel.abort();
    } catch (IOException | RuntimeException e) {
      // the channel is gone either way
    }
  }

  /**
   * Waits up to {@code grace} for the confirms still outstanding, then fails whatever is left and
   * closes the channel.
   */
  void close(Duration grace) {
    try {
      if (slots.tryAcquire(window, grace.toNanos(), TimeUnit.NANOSECONDS)) {
        slots.release(window);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Fails whatever is still unconfirmed and closes the channel. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (line != null) {
        drop(line);
      }
      if (deadlines != null) {
        deadlines.cancel();
        deadlines = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The future of one written message, with the moment it was written. */
  private static final class Pending extends CompletableFuture<Void> {
    final long writtenAt;

    Pending(long writtenAt) {
      this.writtenAt = writtenAt;
    }
  }

  /** One channel and the futures of its unconfirmed messages, by publish sequence number. */
  private static final class Line implements ConfirmListener {
    final Channel channel;
    final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();

    Line(Channel channel) {
      this.channel = channel;
      channel.addConfirmListener(this);
      channel.addShutdownListener(cause ->
          failAll(
              new IOException("the publishing channel closed before the broker confirmed", cause)));
    }

    @Override
    public void handleAck(long tag, boolean multiple) {
      settle(tag, multiple, null);
    }

    @Override
    public void handleNack(long tag, boolean multiple) {
      settle(tag, multiple, new IOException("the broker refused the message (basic.nack)"));
    }

    private void settle(long tag, boolean multiple, Exception failure) {
      if (multiple) {
        Map<Long, Pending> done = pending.headMap(tag, true);
        for (CompletableFuture<Void> f : done.values()) {
          complete(f, failure);
        }
        done.clear();
      } else {
        CompletableFuture<Void> f = pending.remove(tag);
        if (f != null) {
          complete(f, failure);
        }
      }
    }

    private static void complete(CompletableFuture<Void> f, Exception failure) {
      if (failure == null) {
        f.complete(null);
      } else {
        f.completeExceptionally(failure);
      }
    }

    void failAll(Exception failure) {
      while (!pending.isEmpty()) {
        Map.Entry<Long, Pending> e = pending.pollFirstEntry();
        if (e != null) {
          e.getValue().completeExceptionally(failure);
        }
      }
    }
  }
}
