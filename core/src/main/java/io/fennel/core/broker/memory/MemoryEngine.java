package io.fennel.core.broker.memory;

import io.fennel.core.broker.Broker.QueueStats;
import io.fennel.core.broker.DeliveryHandler;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.error.FennelException;
import io.fennel.core.runtime.FailureHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared state of one in-memory broker: exchanges with their bindings, and queues. Every {@link
 * MemoryBroker} handle opened on the same name talks to the same engine. One lock guards
 * everything; consumers wait on their queue's condition, so nothing busy-waits.
 */
final class MemoryEngine {
  final ReentrantLock lock = new ReentrantLock();
  private final String url;
  private final FailureHandler failures = FailureHandler.logging();
  private final Map<String, Exchange> exchanges = new HashMap<>();
  private final Map<String, MemoryQueue> queues = new HashMap<>();

  private record Binding(String queue, String key) {}

  private record Exchange(
      ExchangeType type, boolean durable, boolean autoDelete, Set<Binding> bindings) {}

  MemoryEngine(String url) {
    this.url = url;
  }

  String url() {
    return url;
  }

  void declareExchange(String name, ExchangeType type, boolean durable, boolean autoDelete) {
    if (name.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      Exchange existing = exchanges.get(name);
      if (existing == null) {
        exchanges.put(name, new Exchange(type, durable, autoDelete, new LinkedHashSet<>()));
      } else if (existing.type() != type
          || existing.durable() != durable
          || existing.autoDelete() != autoDelete) {
        throw new FennelException(
            "exchange '"
                + name
                + "' already exists on "
                + url
                + " as "
                + existing
                + ", cannot redeclare it as "
                + type.amqpName()
                + " durable="
                + durable
                + " autoDelete="
                + autoDelete);
      }
    } finally {
      lock.unlock();
    }
  }

  void declareQueue(QueueSpec spec) {
    lock.lock();
    try {
      MemoryQueue existing = queues.get(spec.name());
      if (existing == null) {
        queues.put(spec.name(), new MemoryQueue(spec, lock.newCondition()));
      } else if (!existing.spec.equals(spec)) {
        throw new FennelException(
            "queue '"
                + spec.name()
                + "' already exists on "
                + url
                + " as "
                + existing.spec
                + ", cannot redeclare it as "
                + spec);
      }
    } finally {
      lock.unlock();
    }
  }

  void bind(String queue, String exchange, String routingKey) {
    lock.lock();
    try {
      queue(queue, "bind");
      if (exchange.isEmpty()) {
        throw new FennelException("cannot bind queue '" + queue + "' to the default exchange");
      }
      Exchange target = exchanges.get(exchange);
      if (target == null) {
        throw new FennelException("cannot bind to exchange '" + exchange + "': no such exchange");
      }
      target.bindings().add(new Binding(queue, routingKey));
    } finally {
      lock.unlock();
    }
  }

  void publish(OutgoingMessage message) {
    MemoryMessage copy = MemoryMessage.of(message);
    lock.lock();
    try {
      for (MemoryQueue queue : route(message.exchange(), message.routingKey())) {
        queue.addLast(copy);
        queue.changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  MemorySubscription subscribe(
      String queueName, int prefetch, DeliveryHandler handler, Runnable onClose) {
    if (prefetch < 0) {
      throw new IllegalArgumentException("prefetch must be >= 0, was " + prefetch);
    }
    lock.lock();
    try {
      MemoryQueue queue = queue(queueName, "consume");
      MemorySubscription subscription =
          new MemorySubscription(this, queue, prefetch, handler, onClose, failures);
      queue.consumers.add(subscription);
      return subscription;
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held when a subscription closes; deletes auto-delete queues. */
  void consumerGone(MemoryQueue queue, MemorySubscription subscription) {
    queue.consumers.remove(subscription);
    if (queue.spec.autoDelete() && queue.consumers.isEmpty()) {
      deleteQueue(queue.spec.name());
    }
  }

  /** Deletes a queue and its bindings; its ready messages are dropped. */
  void deleteQueue(String name) {
    lock.lock();
    try {
      MemoryQueue queue = queues.remove(name);
      if (queue == null) {
        return;
      }
      queue.deleted = true;
      queue.purge();
      exchanges.values().forEach(e -> e.bindings().removeIf(b -> b.queue().equals(name)));
      queue.changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long purge(String name) {
    lock.lock();
    try {
      MemoryQueue queue = queues.get(name);
      return queue == null ? 0 : queue.purge();
    } finally {
      lock.unlock();
    }
  }

  Optional<QueueStats> queueStats(String name) {
    lock.lock();
    try {
      MemoryQueue queue = queues.get(name);
      return queue == null
          ? Optional.empty()
          : Optional.of(new QueueStats(name, queue.ready(), queue.consumers.size()));
    } finally {
      lock.unlock();
    }
  }

  private MemoryQueue queue(String name, String action) {
    MemoryQueue queue = queues.get(name);
    if (queue == null) {
      throw new FennelException(
          "cannot " + action + " queue '" + name + "' on " + url + ": no such queue");
    }
    return queue;
  }

  private List<MemoryQueue> route(String exchangeName, String routingKey) {
    if (exchangeName.isEmpty()) {
      MemoryQueue queue = queues.get(routingKey);
      return queue == null ? List.of() : List.of(queue);
    }
    Exchange exchange = exchanges.get(exchangeName);
    if (exchange == null) {
      throw new FennelException(
          "cannot publish to exchange '" + exchangeName + "' on " + url + ": no such exchange");
    }
    Set<String> targets = new LinkedHashSet<>();
    for (Binding binding : exchange.bindings()) {
      boolean matches =
          switch (exchange.type()) {
            case DIRECT -> binding.key().equals(routingKey);
            case TOPIC -> TopicPattern.matches(binding.key(), routingKey);
            case FANOUT -> true;
          };
      if (matches) {
        targets.add(binding.queue());
      }
    }
    List<MemoryQueue> routed = new ArrayList<>(targets.size());
    for (String target : targets) {
      MemoryQueue queue = queues.get(target);
      if (queue != null) {
        routed.add(queue);
      }
    }
    return routed;
  }
}
