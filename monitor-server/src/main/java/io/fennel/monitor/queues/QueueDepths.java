package io.fennel.monitor.queues;

import io.fennel.core.broker.Broker;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the depth of every queue in use every few seconds and keeps a short series per queue
 * (the last {@code window}), for {@code /api/queues/length}, metrics and charts. On RabbitMQ a
 * measurement is a passive declare, so it never creates a queue.
 */
public final class QueueDepths implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

  private final Broker broker;
  private final Supplier<Set<String>> queues;
  private final Scheduler scheduler;
  private final Duration interval;
  private final int keep;
  private final Map<String, Deque<QueueSample>> series = new TreeMap<>();
  private final List<Consumer<QueueSample>> listeners = new CopyOnWriteArrayList<>();
  private Scheduler.Cancellable task;
  private boolean warned;

  /**
   * Samples the queues {@code queues} names every {@code interval}, keeping {@code window} of
   * history.
   */
  public QueueDepths(
      Broker broker,
      Supplier<Set<String>> queues,
      Scheduler scheduler,
      Duration interval,
      Duration window) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("queue sampling interval must be > 0, was " + interval);
    }
    this.broker = broker;
    this.queues = queues;
    this.scheduler = scheduler;
    this.interval = interval;
    this.keep = (int) Math.max(1, window.toMillis() / interval.toMillis());
  }

  /** Starts sampling: one sample now, then every interval. */
  public void start() {
    scheduler.execute(this::sample);
    task = scheduler.every(this::sample, interval);
  }

  /** Subscribes to every new sample (called on the scheduler's thread). */
  public void addListener(Consumer<QueueSample> l) {
    listeners.add(l);
  }

  /** Measures every queue once. */
  public void sample() {
    long now = scheduler.clock().millis();
    for (String q : queues.get()) {
      QueueSample s;
      try {
        Optional<Broker.QueueStats> stats = broker.queueStats(q);
        s =
            stats
                .map(x -> new QueueSample(q, now, x.messages(), x.consumers()))
                .orElse(new QueueSample(q, now, -1, -1));
        warned = false;
      } catch (RuntimeException e) {
        if (!warned) {
          log.warn("could not measure queue {} on {}: {}", q, broker.url(), e.getMessage());
          warned = true;
        }
        continue;
      }
      synchronized (this) {
        Deque<QueueSample> d = series.computeIfAbsent(q, k -> new ArrayDeque<>());
        d.addLast(s);
        while (d.size() > keep) {
          d.removeFirst();
        }
      }
      for (Consumer<QueueSample> l : listeners) {
        try {
          l.accept(s);
        } catch (RuntimeException e) {
          log.warn("queue sample listener failed", e);
        }
      }
    }
  }

  /** The newest sample of each queue that exists, by name. */
  public synchronized List<QueueSample> latest() {
    List<QueueSample> out = new ArrayList<>();
    series
        .values()
        .forEach(d -> {
          QueueSample s = d.peekLast();
          if (s != null && s.messages() >= 0) {
            out.add(s);
          }
        });
    return out;
  }

  /** The kept samples of one queue, oldest first. */
  public synchronized List<QueueSample> history(String queue) {
    Deque<QueueSample> d = series.get(queue);
    return d == null ? List.of() : List.copyOf(d);
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel();
    }
  }
}
