package io.fennel.agent.internal.events;

import io.fennel.protocol.event.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The events waiting to be published, bounded: when full, the oldest event is dropped and counted,
 * so a broker outage never costs more than {@code capacity} events of memory.
 */
final class EventBuffer {
  private final int capacity;
  private final int batchSize;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final AtomicLong dropped = new AtomicLong();
  private boolean woken;

  EventBuffer(int capacity, int batchSize) {
    this.capacity = capacity;
    this.batchSize = batchSize;
  }

  /** Adds an event at the end; never blocks beyond taking the lock. */
  void offer(Event e) {
    lock.lock();
    try {
      if (events.size() >= capacity) {
        events.pollFirst();
        dropped.incrementAndGet();
      }
      events.addLast(e);
      if (events.size() >= batchSize) {
        ready.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Puts events that could not be published back in front, dropping the oldest past capacity. */
  void requeue(List<Event> unsent) {
    lock.lock();
    try {
      for (int i = unsent.size() - 1; i >= 0; i--) {
        events.addFirst(unsent.get(i));
      }
      while (events.size() > capacity) {
        events.pollFirst();
        dropped.incrementAndGet();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a batch is full, {@link #wake()} is called or {@code nanos} pass, then takes up to
   * one batch of events (possibly none).
   */
  List<Event> await(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!woken && events.size() < batchSize && left > 0) {
        left = ready.awaitNanos(left);
      }
      woken = false;
      return take();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code nanos} of real time unless woken. */
  void pause(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!woken && left > 0) {
        left = ready.awaitNanos(left);
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@link #wake()} is called (by a timer or by closing), however long that is. */
  void awaitWake() throws InterruptedException {
    lock.lock();
    try {
      while (!woken) {
        ready.await();
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  /** Takes up to one batch of events without waiting. */
  List<Event> take() {
    lock.lock();
    try {
      List<Event> out = new ArrayList<>(Math.min(batchSize, events.size()));
      while (out.size() < batchSize && !events.isEmpty()) {
        out.add(events.pollFirst());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Ends any wait at once. */
  void wake() {
    lock.lock();
    try {
      woken = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return events.size();
    } finally {
      lock.unlock();
    }
  }

  long dropped() {
    return dropped.get();
  }
}
