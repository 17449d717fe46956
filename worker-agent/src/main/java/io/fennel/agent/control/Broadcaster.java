package io.fennel.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.agent.internal.mailbox.Mailbox;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.Subscription;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.control.ControlCodec;
import io.fennel.protocol.control.ControlRequest;
import io.fennel.protocol.control.ReplyTo;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request on {@code celery.pidbox} and, for a call, gathers the replies: a reply queue
 * {@code <oid>.reply.celery.pidbox} with a fresh oid is declared and consumed <em>before</em> the
 * request goes out; replies with the call's ticket are collected until {@code limit} nodes answered
 * or the timeout passes. Waits on a latch, never polls.
 */
final class Broadcaster {
  private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);

  private final Broker broker;
  private final LamportClock lamport;
  private final Scheduler clock;

  Broadcaster(Broker broker, LamportClock lamport, Scheduler clock) {
    this.broker = broker;
    this.lamport = lamport;
    this.clock = clock;
  }

  /** Publishes a request nobody answers. */
  void cast(String method, ObjectNode args, List<String> destination, Duration timeout) {
    ControlRequest request = ControlRequest.cast(method, args);
    publish(withDestination(request, destination), timeout);
  }

  /**
   * Publishes a request and waits for replies.
   *
   * @param limit stop after this many nodes answered; null means the destination's size, or wait
   *     the whole timeout when there is no destination
   * @return each node's reply payload, in arrival order
   */
  Map<String, JsonNode> call(
      String method, ObjectNode args, List<String> destination, Duration timeout, Integer limit) {
    String oid = UUID.randomUUID().toString();
    String ticket = UUID.randomUUID().toString();
    String queue = oid + WireNames.REPLY_QUEUE_SUFFIX;
    broker.declareExchange(WireNames.REPLY_EXCHANGE, ExchangeType.DIRECT, false, false);
    broker.declareQueue(new QueueSpec(queue, false, false, true, Mailbox.queueArguments()));
    broker.bind(queue, WireNames.REPLY_EXCHANGE, oid);
    int want =
        limit != null
            ? limit
            : destination != null && !destination.isEmpty() ? destination.size() : -1;
    Map<String, JsonNode> replies = new LinkedHashMap<>();
    CountDownLatch enough = new CountDownLatch(want > 0 ? want : 1);
    Subscription s = broker.consume(queue, 0, d -> collect(d, ticket, replies, enough, want));
    try {
      ControlRequest request = ControlRequest.call(method, args, ticket, ReplyTo.oid(oid));
      publish(withDestination(request, destination), timeout);
      if (want != 0) {
        enough.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      s.close();
    }
    synchronized (replies) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(replies));
    }
  }

  private void collect(
      Delivery d, String ticket, Map<String, JsonNode> replies, CountDownLatch enough, int want) {
    try {
      Map<String, Object> headers = d.properties().headers();
      if (headers.get("clock") instanceof Number n) {
        lamport.adjust(n.longValue());
      }
      if (!ticket.equals(headers.get("ticket"))) {
        return;
      }
      Map<String, JsonNode> body = ControlCodec.decodeReply(d.body());
      synchronized (replies) {
        for (Map.Entry<String, JsonNode> e : body.entrySet()) {
          if (replies.putIfAbsent(e.getKey(), e.getValue()) == null && want > 0) {
            enough.countDown();
          }
        }
      }
    } catch (ProtocolException e) {
      log.warn("ignored a control reply that is not valid: {}", e.getMessage());
    } finally {
      d.ack();
    }
  }

  private static ControlRequest withDestination(ControlRequest r, List<String> destination) {
    return destination == null || destination.isEmpty() ? r : r.withDestination(destination);
  }

  private void publish(ControlRequest request, Duration timeout) {
    broker.declareExchange(WireNames.CONTROL_EXCHANGE, ExchangeType.FANOUT, false, false);
    Instant expires = clock.clock().instant().plus(timeout);
    double expiresEpoch = expires.getEpochSecond() + expires.getNano() / 1e9;
    MessageProperties props =
        MessageProperties.json(
            ControlCodec.requestHeaders(lamport.forward(), expiresEpoch),
            MessageProperties.PERSISTENT);
    broker.publish(
        new OutgoingMessage(
            WireNames.CONTROL_EXCHANGE, "", props, ControlCodec.encodeRequest(request)));
  }
}
