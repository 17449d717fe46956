package io.fennel.monitor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.monitor.history.EventJournal;
import io.fennel.monitor.state.ClusterState;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every event on {@code celeryev} through the console's own queue, decodes it (single or
 * {@code task.multi} batch), journals the body and merges the events into the {@link ClusterState}.
 * Runs on the transport's consumer thread; everything it does per message is constant work.
 *
 * <p>A console with a fixed port reads a durable queue named after it, {@code
 * fennel.monitor.<host>.<port>}, or the one {@code --queue-name} names: events published while it
 * restarts wait there and it resumes where it stopped. The queue is bounded ({@code x-max-length},
 * oldest dropped first) and goes away an hour after its console ({@code x-expires}), so an
 * abandoned one costs nothing for long. A console on an ephemeral port (tests, embedding) keeps
 * Celery's event receiver shape: an exclusive, auto-delete {@code fennel.monitor.<uuid>} with a 5 s
 * message TTL.
 */
public final class EventReceiver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventReceiver.class);
  private static final int MESSAGE_TTL_MS = 5_000;
  private static final int QUEUE_EXPIRES_MS = 60_000;

  private final Broker broker;
  private final FailureHandler failures;
  private final ClusterState state;
  private final EventJournal journal;
  private final Clock clock;

  /** How long a durable queue outlives its console. */
  public static final int DURABLE_EXPIRES_MS = 3_600_000;

  /** How many event messages a durable queue keeps while its console is away. */
  public static final int DURABLE_MAX_LENGTH = 1_000_000;

  private final String queue;
  private final boolean durable;
  private final LongAdder ingested = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private volatile double lastLagSeconds;
  private volatile Subscription subscription;

  /** A receiver feeding {@code state}, journaling to {@code journal} (null: none). */
  public EventReceiver(Broker broker, ClusterState state, EventJournal journal, Clock clock) {
    this(broker, state, journal, clock, FailureHandler.logging());
  }

  /** Like the four-argument constructor, reporting undecodable messages to {@code failures}. */
  public EventReceiver(
      Broker broker,
      ClusterState state,
      EventJournal journal,
      Clock clock,
      FailureHandler failures) {
    this(broker, state, journal, clock, failures, null);
  }

  /**
   * Like the five-argument constructor; {@code durableQueue} names a durable queue that outlives
   * restarts of this console (null: an exclusive, auto-delete queue of its own).
   */
  public EventReceiver(
      Broker broker,
      ClusterState state,
      EventJournal journal,
      Clock clock,
      FailureHandler failures,
      String durableQueue) {
    this.durable = durableQueue != null;
    this.queue = durable ? durableQueue : "fennel.monitor." + UUID.randomUUID();
    this.failures = failures;
    this.broker = broker;
    this.state = state;
    this.journal = journal;
    this.clock = clock;
  }

  /** Declares the queue, binds it to every event and starts consuming. */
  public void start() {
    broker.declareExchange(WireNames.EVENT_EXCHANGE, ExchangeType.TOPIC, true, false);
    broker.declareQueue(
        durable
            ? new QueueSpec(
                queue,
                true,
                false,
                false,
                Map.of("x-expires", DURABLE_EXPIRES_MS, "x-max-length", DURABLE_MAX_LENGTH))
            : new QueueSpec(
                queue,
                false,
                true,
                true,
                Map.of("x-message-ttl", MESSAGE_TTL_MS, "x-expires", QUEUE_EXPIRES_MS)));
    broker.bind(queue, WireNames.EVENT_EXCHANGE, "#");
    subscription = broker.consumeAutoAck(queue, d -> ingest(d.body(), true));
    log.info("receiving events from {} on queue {}", broker.url(), queue);
  }

  /**
   * Decodes one message body and merges its events; journals it when {@code live}. Replayed history
   * comes through here with {@code live} false. Returns how many events it held.
   */
  public int ingest(byte[] body, boolean live) {
    List<Event> events;
    try {
      events = EventCodec.decode(body);
    } catch (RuntimeException e) {
      events = oneByOne(body, e);
    }
    if (events.isEmpty()) {
      return 0;
    }
    state.applyAll(events);
    if (live) {
      ingested.add(events.size());
      lastLagSeconds = Math.max(0, clock.millis() / 1000.0 - events.getLast().timestamp());
      if (journal != null) {
        journal.append(body);
      }
    }
    return events.size();
  }

  /**
   * Decodes a batch that failed as a whole event by event, so one bad event costs only itself; what
   * cannot be decoded is counted as malformed.
   */
  private List<Event> oneByOne(byte[] body, RuntimeException whole) {
    JsonNode json;
    try {
      json = PythonJson.read("body", body);
    } catch (RuntimeException e) {
      json = null;
    }
    if (json == null || !json.isArray()) {
      malformed.increment();
      failures.handle("monitor.event.malformed", "decoding an event message (dropped)", whole);
      return List.of();
    }
    List<Event> out = new ArrayList<>(json.size());
    for (JsonNode one : json) {
      try {
        out.addAll(EventCodec.decode(PythonJson.writeBytes(one)));
      } catch (RuntimeException e) {
        malformed.increment();
        failures.handle(
            "monitor.event.malformed", "decoding one event of a batch (dropped alone)", e);
      }
    }
    return out;
  }

  /** The queue this receiver consumes. */
  public String queue() {
    return queue;
  }

  /** Live events merged since start. */
  public long ingestedCount() {
    return ingested.sum();
  }

  /** Messages that could not be decoded. */
  public long malformedCount() {
    return malformed.sum();
  }

  /** Seconds between the last live event's timestamp and its arrival here. */
  public double lastLagSeconds() {
    return lastLagSeconds;
  }

  @Override
  public void close() {
    Subscription s = subscription;
    if (s != null) {
      s.close();
    }
  }
}
