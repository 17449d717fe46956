package io.fennel.agent.internal.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.control.ControlCodec;
import io.fennel.protocol.control.ControlRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's pidbox: its queue {@code <node>.celery.pidbox} bound to the {@code celery.pidbox}
 * fanout, each request decoded, checked (for this node? expired?), run through {@link Commands}
 * and, when the caller waits, answered on {@code reply.celery.pidbox} with {@code {node: payload}}.
 */
public final class Mailbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

  /** Pidbox queues vanish 10 s after their last consumer ({@code x-expires}). */
  public static final int QUEUE_EXPIRES_MS = 10_000;

  /** Requests older than 300 s are dropped by the broker ({@code x-message-ttl}). */
  public static final int MESSAGE_TTL_MS = 300_000;

  private final Broker broker;
  private final String node;
  private final Commands commands;
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private volatile Subscription subscription;

  public Mailbox(Broker broker, Commands commands) {
    this.broker = broker;
    this.node = commands.node;
    this.commands = commands;
  }

  /** The queue name for a node's pidbox. */
  public static String queueName(String node) {
    return node + WireNames.CONTROL_QUEUE_SUFFIX;
  }

  /** The arguments of pidbox and reply queues, as Celery declares them. */
  public static Map<String, Object> queueArguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("x-expires", QUEUE_EXPIRES_MS);
    args.put("x-message-ttl", MESSAGE_TTL_MS);
    return args;
  }

  /** Declares the exchanges and the queue, binds it and starts consuming. */
  public void start() {
    broker.declareExchange(WireNames.CONTROL_EXCHANGE, ExchangeType.FANOUT, false, false);
    broker.declareExchange(WireNames.REPLY_EXCHANGE, ExchangeType.DIRECT, false, false);
    String queue = queueName(node);
    broker.declareQueue(new QueueSpec(queue, false, false, true, queueArguments()));
    broker.bind(queue, WireNames.CONTROL_EXCHANGE, "");
    subscription = broker.consume(queue, 0, this::onDelivery);
  }

  /** Requests run so far. */
  public long handled() {
    return handled.get();
  }

  /** Requests not run: for another node, expired or undecodable. */
  public long ignored() {
    return ignored.get();
  }

  private void onDelivery(Delivery d) {
    try {
      handle(d);
    } catch (RuntimeException e) {
      log.warn("pidbox {}: a request failed; the worker carries on", node, e);
    } finally {
      try {
        d.ack();
      } catch (RuntimeException e) {
        log.debug("pidbox {}: cannot ack a request", node, e);
      }
    }
  }

  private void handle(Delivery d) {
    Map<String, Object> headers = d.properties().headers();
    if (headers.get("clock") instanceof Number n) {
      commands.lamport.adjust(n.longValue());
    }
    ControlRequest request;
    try {
      request = ControlCodec.decodeRequest(d.body());
      if (!request.isFor(node)) {
        ignored.incrementAndGet();
        return;
      }
    } catch (ProtocolException e) {
      ignored.incrementAndGet();
      log.warn("pidbox {}: ignored a request that is not valid: {}", node, e.getMessage());
      return;
    }
    if (headers.get("expires") instanceof Number expires
        && expires.doubleValue() < commands.now()) {
      ignored.incrementAndGet();
      log.debug("pidbox {}: ignored expired request {}", node, request.method());
      return;
    }
    handled.incrementAndGet();
    JsonNode payload = commands.dispatch(request);
    if (payload != null && request.wantsReply()) {
      reply(request, payload);
    }
  }

  private void reply(ControlRequest request, JsonNode payload) {
    long clock = commands.lamport.forward();
    Map<String, Object> headers =
        request.ticket() != null
            ? ControlCodec.replyHeaders(request.ticket(), clock)
            : Map.<String, Object>of("clock", (int) clock);
    MessageProperties props = MessageProperties.json(headers, MessageProperties.TRANSIENT);
    try {
      broker.publish(
          new OutgoingMessage(
              request.replyTo().exchange(),
              request.replyTo().routingKey(),
              props,
              ControlCodec.encodeReply(node, payload)));
    } catch (RuntimeException e) {
      log.warn("pidbox {}: cannot reply to {}: {}", node, request.method(), e.getMessage());
    }
  }

  @Override
  public void close() {
    Subscription s = subscription;
    subscription = null;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.debug("pidbox {}: closing the consumer failed", node, e);
      }
    }
  }
}
