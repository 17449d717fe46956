package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel events}: a live tail of the event stream. It declares a queue of its own
 * (exclusive, deleted when it goes, messages kept 5 s at most, as Celery's event receiver does),
 * binds it to {@code celeryev} with {@code #}, and prints each event as it arrives until Ctrl-C,
 * {@code --limit} events, or {@code --timeout} seconds without one.
 */
@Command(
    name = "events",
    description = {
      "Tail the event stream: task and worker events from Fennel and Celery workers.",
      "Stops on Ctrl-C, after --limit events or after --timeout seconds of silence (exit 0)."
    },
    mixinStandardHelpOptions = true)
final class EventsCommand implements Callable<Integer> {
  /** Celery's {@code event_queue_ttl} and {@code event_queue_expires}. */
  static final Map<String, Object> QUEUE_ARGUMENTS =
      Map.of("x-message-ttl", 5_000, "x-expires", 60_000);

  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Option(names = "--dump", description = "Print each event's JSON as sent, one per line.")
  boolean dump;

  @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
  Long limit;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description = "Stop after S seconds without an event.")
  Double timeout;

  private final CountDownLatch listening = new CountDownLatch(1);
  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    CommandLine cl = spec.commandLine();
    if (limit != null && limit < 1) {
      throw new CommandLine.ParameterException(cl, "--limit must be >= 1, was " + limit);
    }
    if (timeout != null && (!(timeout > 0) || timeout.isInfinite())) {
      throw new CommandLine.ParameterException(
          cl, "--timeout must be a positive number of seconds, was " + timeout);
    }
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    EventLines lines = new EventLines(ZoneId.systemDefault());
    AtomicLong seen = new AtomicLong();
    AtomicLong lastEvent = new AtomicLong(System.nanoTime());
    try (Fennel app = brokerOptions.app(root.environment())) {
      Broker broker = app.unsafe().broker();
      String queue = "fennelev." + UUID.randomUUID();
      broker.declareExchange(WireNames.EVENT_EXCHANGE, ExchangeType.TOPIC, true, false);
      broker.declareQueue(new QueueSpec(queue, false, true, true, QUEUE_ARGUMENTS));
      broker.bind(queue, WireNames.EVENT_EXCHANGE, "#");
      Subscription subscription =
          broker.consume(
              queue,
              0,
              d -> {
                lastEvent.set(System.nanoTime());
                print(d, out, err, lines, seen);
              });
      List<Signals.Restore> restore =
          Signals.handle("INT", this::requestStop).map(List::of).orElse(List.of());
      try {
        err.println(
            "-> fennel events: listening on "
                + broker.url()
                + " ("
                + WireNames.EVENT_EXCHANGE
                + " #); Ctrl-C to stop");
        err.flush();
        listening.countDown();
        awaitEnd(lastEvent);
      } finally {
        restore.forEach(Signals.Restore::restore);
        subscription.close();
      }
      out.flush();
      return 0;
    }
  }

  /** Waits for a stop request or the limit; with {@code --timeout}, also for silence. */
  private void awaitEnd(AtomicLong lastEvent) throws InterruptedException {
    if (timeout == null) {
      stop.await();
      return;
    }
    long silence = Duration.ofNanos((long) (timeout * 1_000_000_000L)).toNanos();
    while (true) {
      long left = lastEvent.get() + silence - System.nanoTime();
      if (left <= 0) {
        spec.commandLine()
            .getErr()
            .println("-> fennel events: no event for " + timeout + " s; stopping");
        return;
      }
      if (stop.await(left, TimeUnit.NANOSECONDS)) {
        return;
      }
    }
  }

  private void print(
      Delivery d, PrintWriter out, PrintWriter err, EventLines lines, AtomicLong seen) {
    try {
      if (stop.getCount() == 0) {
        return;
      }
      List<Event> events;
      try {
        events = EventCodec.decode(d.body());
      } catch (ProtocolException e) {
        err.println("-> fennel events: skipped a message that is not an event: " + e.getMessage());
        err.flush();
        return;
      }
      synchronized (out) {
        for (Event e : events) {
          if (limit != null && seen.get() >= limit) {
            break;
          }
          out.println(dump ? EventLines.json(e) : lines.line(e));
          if (limit != null && seen.incrementAndGet() >= limit) {
            stop.countDown();
          }
        }
        out.flush();
      }
    } finally {
      d.ack();
    }
  }

  /** Waits until the command listens for events (for tests and embedding). */
  boolean awaitListening(Duration timeout) throws InterruptedException {
    return listening.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the tail, as Ctrl-C does. */
  void requestStop() {
    stop.countDown();
  }
}
