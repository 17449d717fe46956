package io.fennel.core.producer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.config.TaskRoute;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.serialization.MessageFormats;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.repr.PythonRepr;
import io.fennel.protocol.task.Embed;
import io.fennel.protocol.task.TaskBody;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageWriter;
import io.fennel.protocol.task.TaskProperties;
import io.fennel.protocol.task.TimeLimit;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds task messages exactly as a Celery client does and publishes them in the app's formats
 * ({@link MessageFormats}): to the default exchange with the queue's name as routing key,
 * persistent, confirmed by the broker.
 */
public final class TaskProducer {
  private final Broker broker;
  private final FennelConfig config;
  private final Clock clock;
  private final String origin;
  private final String replyTo;
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private final Set<String> declaredBindings = ConcurrentHashMap.newKeySet();
  private final List<SendListener> listeners = new CopyOnWriteArrayList<>();
  private final FailureHandler failures;
  private final MessageFormats formats;

  /**
   * @param origin the {@code origin} header, {@code gen<pid>@<host>}
   * @param replyTo this client's oid, sent as {@code reply_to} (the RPC backend replies there)
   * @param failures hears of a listener that throws; the send goes on
   */
  public TaskProducer(
      Broker broker,
      FennelConfig config,
      Clock clock,
      String origin,
      String replyTo,
      FailureHandler failures) {
    this.failures = failures;
    this.broker = broker;
    this.config = config;
    this.clock = clock;
    this.origin = origin;
    this.replyTo = replyTo;
    this.formats = MessageFormats.of(config, clock);
  }

  /** The formats this producer writes and its worker reads, from the app's settings. */
  public MessageFormats formats() {
    return formats;
  }

  /** This client's oid, the {@code reply_to} of what it sends. */
  public String replyTo() {
    return replyTo;
  }

  /**
   * Adds a listener told of every message sent (the agent sends {@code task-sent} from it). A
   * listener that throws is reported to the failure handler; it never fails the send.
   */
  public void addListener(SendListener l) {
    listeners.add(l);
  }

  /** The queue a task goes to: the options' queue, else its route, else the default queue. */
  public String queueFor(String taskName, SendOptions o) {
    if (o.queue() != null) {
      return o.queue();
    }
    return config.routeFor(taskName).map(TaskRoute::queue).orElse(config.taskDefaultQueue());
  }

  /** Builds the message for a task without sending it. */
  public TaskMessage build(String name, ArrayNode args, ObjectNode kwargs, SendOptions o) {
    Instant now = clock.instant();
    String id = o.taskId() != null ? o.taskId() : UUID.randomUUID().toString();
    Instant eta =
        o.eta() != null ? o.eta() : o.countdown() != null ? now.plus(o.countdown()) : null;
    Instant expires =
        o.expiresAt() != null
            ? o.expiresAt()
            : o.expiresIn() != null ? now.plus(o.expiresIn()) : null;
    TimeLimit limit =
        o.timeLimit() == null && o.softTimeLimit() == null
            ? TimeLimit.NONE
            : new TimeLimit(asNumber(o.timeLimit()), asNumber(o.softTimeLimit()));
    TaskHeaders headers =
        new TaskHeaders(
            "py",
            name,
            id,
            null,
            eta == null ? null : TaskHeaders.formatInstant(eta),
            expires == null ? null : TaskHeaders.formatInstant(expires),
            null,
            null,
            o.retries(),
            limit,
            o.rootId() != null ? o.rootId() : id,
            o.parentId(),
            PythonRepr.argsRepr(args),
            PythonRepr.kwargsRepr(kwargs),
            origin,
            o.ignoreResult() != null ? o.ignoreResult() : config.taskIgnoreResult(),
            null,
            null,
            o.headers());
    String expiration = null;
    if (expires != null) {
      long ms = Math.max(0, expires.toEpochMilli() - now.toEpochMilli());
      expiration = Long.toString(ms);
    }
    TaskProperties props =
        new TaskProperties(
            WireNames.CONTENT_TYPE_JSON,
            WireNames.CONTENT_ENCODING_UTF8,
            MessageProperties.PERSISTENT,
            o.priority() != null ? o.priority() : 0,
            id,
            replyTo,
            expiration);
    Embed embed =
        new Embed(
            o.link().isEmpty() ? null : o.link(),
            o.linkError().isEmpty() ? null : o.linkError(),
            null,
            null);
    return new TaskMessage(props, headers, new TaskBody(args, kwargs, embed));
  }

  private static Number asNumber(Double d) {
    if (d == null) {
      return null;
    }
    return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (Number) d.intValue() : d;
  }

  /** Builds and sends; returns the message sent. */
  public TaskMessage send(String name, ArrayNode args, ObjectNode kwargs, SendOptions o) {
    return send(build(name, args, kwargs, o), o, formats.taskWriter());
  }

  /** Builds and sends in the writer's format (serializer, compression, protocol). */
  public TaskMessage send(
      String name, ArrayNode args, ObjectNode kwargs, SendOptions o, TaskMessageWriter writer) {
    return send(build(name, args, kwargs, o), o, writer);
  }

  /** Sends a message built by {@link #build} (and perhaps amended, as canvas does), routed by o. */
  public TaskMessage send(TaskMessage m, SendOptions o) {
    return send(m, o, formats.taskWriter());
  }

  /** As {@link #send(TaskMessage, SendOptions)} in the writer's format. */
  public TaskMessage send(TaskMessage m, SendOptions o, TaskMessageWriter writer) {
    Routed r = route(m, o);
    broker.publish(outgoing(r.message(), r.exchange(), r.routingKey(), writer));
    told(r);
    return r.message();
  }

  /**
   * Builds and sends without waiting for the broker's confirm: returns once the message is written
   * (waiting only while 1,000 others are unconfirmed). The future completes with the message when
   * the broker confirms it; when it does not, the future fails and the failure also goes to the
   * failure handler ({@code producer.confirm}), so no loss goes unreported even if nobody looks at
   * the future. Closing the app waits for outstanding confirms.
   */
  public CompletableFuture<TaskMessage> sendAsync(
      String name, ArrayNode args, ObjectNode kwargs, SendOptions o) {
    Routed r = route(build(name, args, kwargs, o), o);
    CompletableFuture<Void> written;
    try {
      written = write(r);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    return confirmed(r, written);
  }

  /**
   * As {@link #sendAsync}, but a message that could not even be written (the broker is down, the
   * queue cannot be declared) throws here, as {@link #send} does; only what happens after the write
   * settles the future. This is {@code delay()} with {@code task_publish_confirm=pipelined}.
   */
  public CompletableFuture<TaskMessage> sendPipelined(
      String name, ArrayNode args, ObjectNode kwargs, SendOptions o) {
    Routed r = route(build(name, args, kwargs, o), o);
    CompletableFuture<Void> written = write(r); // throws when it could not be written
    return confirmed(r, written);
  }

  /**
   * Publishes without waiting: throws when the message could not be written, and the future settles
   * on the broker's confirm (a confirm may come before this returns, so a failed future is never a
   * failed write).
   */
  private CompletableFuture<Void> write(Routed r) {
    return broker.publishAsync(
        outgoing(r.message(), r.exchange(), r.routingKey(), formats.taskWriter()));
  }

  private CompletableFuture<TaskMessage> confirmed(Routed r, CompletableFuture<Void> written) {
    CompletableFuture<TaskMessage> sent = written.thenApply(ok -> r.message());
    sent.whenComplete((m, e) -> {
      if (e != null) {
        failures.handle(
            "producer.confirm",
            "task "
                + r.message().headers().id()
                + " ("
                + r.message().headers().task()
                + ") was not confirmed",
            e);
      }
    });
    told(r);
    return sent;
  }

  /**
   * Builds and sends many tasks at once: every message is written before the first confirm is
   * awaited (pipelined on RabbitMQ), and the call returns once the broker has confirmed them all.
   *
   * @throws io.fennel.core.error.FennelException naming how many were not confirmed; none of the
   *     batch is then reported to the send listeners
   */
  public List<TaskMessage> sendAll(List<TaskCall> calls) {
    List<Routed> routed = new java.util.ArrayList<>(calls.size());
    List<OutgoingMessage> out = new java.util.ArrayList<>(calls.size());
    for (TaskCall c : calls) {
      Routed r = route(build(c.name(), c.args(), c.kwargs(), c.options()), c.options());
      routed.add(r);
      out.add(outgoing(r.message(), r.exchange(), r.routingKey(), formats.taskWriter()));
    }
    broker.publishAll(out);
    List<TaskMessage> sent = new java.util.ArrayList<>(routed.size());
    for (Routed r : routed) {
      told(r);
      sent.add(r.message());
    }
    return sent;
  }

  /** A built message with where it goes. */
  private record Routed(TaskMessage message, String queue, String exchange, String routingKey) {}

  private Routed route(TaskMessage m, SendOptions o) {
    String name = m.headers().task();
    String queue = queueFor(name, o);
    TaskRoute route = o.queue() == null ? config.routeFor(name).orElse(null) : null;
    String exchange =
        o.exchange() != null
            ? o.exchange()
            : route != null && route.exchange() != null ? route.exchange() : "";
    String routingKey =
        o.routingKey() != null
            ? o.routingKey()
            : route != null && route.routingKey() != null ? route.routingKey() : queue;
    declareTaskQueue(queue);
    String binding = exchange + "/" + routingKey + "/" + queue;
    if (!exchange.isEmpty() && !exchange.equals(queue) && !declaredBindings.contains(binding)) {
      synchronized (declaredBindings) {
        if (!declaredBindings.contains(binding)) {
          broker.declareExchange(exchange, ExchangeType.DIRECT, true, false);
          broker.bind(queue, exchange, routingKey);
          declaredBindings.add(binding);
        }
      }
    }
    return new Routed(m, queue, exchange, routingKey);
  }

  private void told(Routed r) {
    for (SendListener l : listeners) {
      failures.guard(
          "producer.listener",
          "a send listener told of task " + r.message().headers().id(),
          () -> l.sent(r.message(), r.queue(), r.exchange(), r.routingKey()));
    }
  }

  /** Publishes an already built message (a retry, a chain step) as it is. */
  public void publish(TaskMessage m, String exchange, String routingKey) {
    publish(m, exchange, routingKey, formats.taskWriter());
  }

  /** Publishes an already built message in the writer's format. */
  public void publish(TaskMessage m, String exchange, String routingKey, TaskMessageWriter writer) {
    broker.publish(outgoing(m, exchange, routingKey, writer));
  }

  private static OutgoingMessage outgoing(
      TaskMessage m, String exchange, String routingKey, TaskMessageWriter writer) {
    TaskProperties p = m.properties();
    TaskMessageWriter.Encoded wire = writer.write(m);
    MessageProperties props =
        new MessageProperties(
            wire.contentType(),
            wire.contentEncoding(),
            MessageProperties.adopt(wire.headers()), // made for this message only
            p.deliveryMode(),
            p.priority(),
            p.correlationId(),
            p.replyTo(),
            p.expiration());
    return new OutgoingMessage(exchange, routingKey, props, wire.body());
  }

  /**
   * Declares a task queue as Celery does (a durable direct exchange and a durable queue of the same
   * name, bound by that name) unless it exists already: see {@link TaskQueues}. Another thread's
   * first send to this queue waits until the queue exists: a message published before it would be
   * unroutable, and RabbitMQ confirms those (lost without a trace).
   */
  public void declareTaskQueue(String queue) {
    if (declared.contains(queue)) {
      return;
    }
    synchronized (declared) {
      if (declared.contains(queue)) {
        return;
      }
      TaskQueues.declare(broker, config, queue);
      declared.add(queue);
    }
  }

  /** Told of each message sent, on the sending thread; must not block. */
  @FunctionalInterface
  public interface SendListener {
    void sent(TaskMessage message, String queue, String exchange, String routingKey);
  }
}
