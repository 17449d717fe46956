package io.fennel.agent.internal.events;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.runtime.Backoff;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.TaskEvent;
import io.fennel.protocol.event.TaskSent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events on {@code celeryev} from one thread, {@code fennel-events[<node>]}: task events
 * batched as a JSON list under {@code task.multi}, {@code task-sent} and worker events one by one
 * under their own routing key. Callers only {@link #send} (a buffer append); while the broker is
 * away the bounded buffer holds events, dropping the oldest, and publishing resumes by itself.
 *
 * <p>After a failed publish the thread waits a {@link Backoff} (from the flush interval, doubling,
 * up to a second) on the injected {@link Scheduler}, so tests move a manual clock to see the retry;
 * failures go to the {@link FailureHandler}. The flush interval itself is a latency bound and runs
 * on real time.
 */
public final class EventDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final Broker broker;
  private final String nodeName;
  private final Duration flushInterval;
  private final EventBuffer buffer;
  private final ReentrantLock publishing = new ReentrantLock();
  private final AtomicBoolean taskEvents;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong published = new AtomicLong();
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final FailureHandler failures;
  private volatile boolean declared;
  private volatile boolean failing;
  private volatile Thread thread;

  /**
   * @param nodeName the worker's node name, the {@code hostname} header of batches
   * @param taskEvents whether task events go out at start (worker events always do)
   * @param scheduler whose time the retry waits on
   * @param failures where publish failures go
   */
  public EventDispatcher(
      Broker broker,
      String nodeName,
      int capacity,
      int batchSize,
      Duration flushInterval,
      boolean taskEvents,
      Scheduler scheduler,
      FailureHandler failures) {
    this.broker = broker;
    this.scheduler = scheduler;
    this.failures = failures;
    this.backoff =
        new Backoff(
            flushInterval, flushInterval.compareTo(MAX_BACKOFF) > 0 ? flushInterval : MAX_BACKOFF);
    this.nodeName = nodeName;
    this.flushInterval = flushInterval;
    this.buffer = new EventBuffer(capacity, batchSize);
    this.taskEvents = new AtomicBoolean(taskEvents);
  }

  /** Starts the publishing thread. */
  public void start() {
    if (running.compareAndSet(false, true)) {
      thread = FennelThreads.start("events", nodeName, this::loop);
    }
  }

  /**
   * Queues an event. Task events other than {@code task-sent} are dropped silently while task
   * events are disabled. Never throws, never blocks on the broker.
   */
  public void send(Event event) {
    if (event instanceof TaskEvent && !(event instanceof TaskSent) && !taskEvents.get()) {
      return;
    }
    buffer.offer(event);
  }

  /** Switches task events on or off ({@code enable_events} / {@code disable_events}). */
  public void setTaskEvents(boolean on) {
    taskEvents.set(on);
  }

  public boolean taskEventsEnabled() {
    return taskEvents.get();
  }

  /** Events dropped because the buffer was full while the broker was away. */
  public long droppedEvents() {
    return buffer.dropped();
  }

  /** Event messages published so far (a batch counts once). */
  public long publishedMessages() {
    return published.get();
  }

  /** Events waiting to be published. */
  public int pending() {
    return buffer.size();
  }

  /** Publishes everything buffered now, on the calling thread; false if the broker refused. */
  public boolean flush() {
    while (true) {
      List<Event> batch = buffer.take();
      if (batch.isEmpty()) {
        return true;
      }
      if (!publish(batch)) {
        return false;
      }
    }
  }

  private void loop() {
    int failed = 0;
    while (running.get()) {
      try {
        if (failed > 0) {
          pause(backoff.delay(failed));
        }
        List<Event> batch = buffer.await(flushInterval.toNanos());
        if (batch.isEmpty()) {
          continue;
        }
        failed = publish(batch) ? 0 : failed + 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        failures.handle("events.dispatcher", "the event dispatcher of " + nodeName, e);
      }
    }
  }

  /** Waits {@code delay} on the scheduler's clock, or until {@link #close} wakes the thread. */
  private void pause(Duration delay) throws InterruptedException {
    Scheduler.Cancellable timer;
    try {
      timer = scheduler.schedule(buffer::wake, delay);
    } catch (RuntimeException e) {
      // the scheduler is gone (the app is closing): wait on real time instead
      buffer.pause(delay.toNanos());
      return;
    }
    try {
      buffer.awaitWake();
    } finally {
      timer.cancel();
    }
  }

  /** Publishes events in order; on failure the unsent rest goes back to the buffer. */
  private boolean publish(List<Event> events) {
    publishing.lock();
    try {
      int i = 0;
      while (i < events.size()) {
        int end = i;
        if (batched(events.get(i))) {
          while (end < events.size() && batched(events.get(end))) {
            end++;
          }
        } else {
          end = i + 1;
        }
        List<Event> group = events.subList(i, end);
        try {
          publishGroup(group);
        } catch (RuntimeException e) {
          failing = true;
          failures.handle(
              "events.publish",
              "publishing events to "
                  + broker.url()
                  + " (held up to the buffer's capacity and retried)",
              e);
          buffer.requeue(new ArrayList<>(events.subList(i, events.size())));
          return false;
        }
        i = end;
      }
      if (failing) {
        failing = false;
        log.info("events flow again to {}", broker.url());
      }
      return true;
    } finally {
      publishing.unlock();
    }
  }

  private static boolean batched(Event e) {
    return e instanceof TaskEvent && !(e instanceof TaskSent);
  }

  private void publishGroup(List<Event> group) {
    if (!declared) {
      broker.declareExchange(WireNames.EVENT_EXCHANGE, ExchangeType.TOPIC, true, false);
      declared = true;
    }
    Event first = group.get(0);
    boolean batch = batched(first);
    String routingKey = batch ? WireNames.EVENT_BATCH_ROUTING_KEY : EventCodec.routingKey(first);
    String hostname = batch ? nodeName : first.hostname();
    byte[] body = batch ? EventCodec.encodeBatch(group) : EventCodec.encode(first);
    MessageProperties props =
        MessageProperties.json(Map.of("hostname", hostname), MessageProperties.TRANSIENT);
    broker.publish(new OutgoingMessage(WireNames.EVENT_EXCHANGE, routingKey, props, body));
    published.incrementAndGet();
  }

  /** Stops the thread and publishes what is left, once; what cannot be sent is dropped. */
  @Override
  public void close() {
    if (running.compareAndSet(true, false)) {
      buffer.wake();
      Thread t = thread;
      if (t != null) {
        try {
          t.join(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (!flush()) {
      log.warn("{} event(s) could not be sent before closing", buffer.size());
    }
  }
}
