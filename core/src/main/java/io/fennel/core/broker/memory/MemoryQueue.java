package io.fennel.core.broker.memory;

import io.fennel.core.broker.QueueSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;

/**
 * One in-memory queue: ready messages by priority (highest first, FIFO within a priority) and its
 * consumers. Guarded by the engine's lock; {@link #changed} is signalled whenever a consumer of
 * this queue may be able to make progress.
 */
final class MemoryQueue {
  final QueueSpec spec;
  final Condition changed;
  final List<MemorySubscription> consumers = new ArrayList<>();
  private final List<ArrayDeque<MemoryMessage>> byPriority;
  private long ready;
  boolean deleted;

  MemoryQueue(QueueSpec spec, Condition changed) {
    this.spec = spec;
    this.changed = changed;
    int max = maxPriority(spec);
    this.byPriority = new ArrayList<>(max + 1);
    for (int i = 0; i <= max; i++) {
      byPriority.add(new ArrayDeque<>());
    }
  }

  /** The queue's {@code x-max-priority}, clamped to 0..255 as RabbitMQ does; 0 when absent. */
  static int maxPriority(QueueSpec spec) {
    Object max = spec.args().get("x-max-priority");
    return max instanceof Number n ? Math.max(0, Math.min(255, n.intValue())) : 0;
  }

  void addLast(MemoryMessage message) {
    byPriority.get(level(message)).addLast(message);
    ready++;
  }

  /** Puts a returned message back at the head of its priority. */
  void addFirst(MemoryMessage message) {
    byPriority.get(level(message)).addFirst(message);
    ready++;
  }

  MemoryMessage poll() {
    for (int i = byPriority.size() - 1; i >= 0; i--) {
      MemoryMessage message = byPriority.get(i).pollFirst();
      if (message != null) {
        ready--;
        return message;
      }
    }
    return null;
  }

  long ready() {
    return ready;
  }

  long purge() {
    long purged = ready;
    byPriority.forEach(ArrayDeque::clear);
    ready = 0;
    return purged;
  }

  private int level(MemoryMessage message) {
    return Math.max(0, Math.min(byPriority.size() - 1, message.priority()));
  }
}
