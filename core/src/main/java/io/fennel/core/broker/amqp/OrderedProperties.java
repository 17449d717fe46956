package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import io.fennel.core.broker.MessageProperties;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * Basic properties that write their headers in insertion order. amqp-client copies headers into a
 * HashMap, which would scramble Celery's header order on the wire; this class keeps the ordered
 * table and writes the content header itself, field by field as AMQP 0-9-1 lays it out.
 */
final class OrderedProperties extends AMQP.BasicProperties {
  private final Map<String, Object> headers;

  /** Fennel's properties as AMQP's, headers in their order and with Celery's field types. */
  static OrderedProperties of(MessageProperties p) {
    return new OrderedProperties(p, p.headers().isEmpty() ? null : AmqpHeaders.toAmqp(p.headers()));
  }

  /** AMQP's properties of a delivery as Fennel's. */
  static MessageProperties toFennel(AMQP.BasicProperties p) {
    return new MessageProperties(
        p.getContentType(),
        p.getContentEncoding(),
        AmqpHeaders.fromAmqp(p.getHeaders()),
        p.getDeliveryMode(),
        p.getPriority(),
        p.getCorrelationId(),
        p.getReplyTo(),
        p.getExpiration());
  }

  private OrderedProperties(MessageProperties p, Map<String, Object> headers) {
    super(
        p.contentType(),
        p.contentEncoding(),
        null, // amqp-client would copy them into a HashMap nobody reads: getHeaders() is ours
        p.deliveryMode(),
        p.priority(),
        p.correlationId(),
        p.replyTo(),
        p.expiration(),
        null,
        null,
        null,
        null,
        null,
        null);
    this.headers = headers == null ? null : Collections.unmodifiableMap(headers);
  }

  @Override
  public Map<String, Object> getHeaders() {
    return headers;
  }

  @Override
  public void writePropertiesTo(ContentHeaderPropertyWriter writer) throws IOException {
    writer.writePresence(getContentType() != null);
    writer.writePresence(getContentEncoding() != null);
    writer.writePresence(headers != null);
    writer.writePresence(getDeliveryMode() != null);
    writer.writePresence(getPriority() != null);
    writer.writePresence(getCorrelationId() != null);
    writer.writePresence(getReplyTo() != null);
    writer.writePresence(getExpiration() != null);
    writer.writePresence(getMessageId() != null);
    writer.writePresence(getTimestamp() != null);
    writer.writePresence(getType() != null);
    writer.writePresence(getUserId() != null);
    writer.writePresence(getAppId() != null);
    writer.writePresence(getClusterId() != null);
    writer.finishPresence();
    if (getContentType() != null) {
      writer.writeShortstr(getContentType());
    }
    if (getContentEncoding() != null) {
      writer.writeShortstr(getContentEncoding());
    }
    if (headers != null) {
      writer.writeTable(headers);
    }
    if (getDeliveryMode() != null) {
      writer.writeOctet(getDeliveryMode());
    }
    if (getPriority() != null) {
      writer.writeOctet(getPriority());
    }
    if (getCorrelationId() != null) {
      writer.writeShortstr(getCorrelationId());
    }
    if (getReplyTo() != null) {
      writer.writeShortstr(getReplyTo());
    }
    if (getExpiration() != null) {
      writer.writeShortstr(getExpiration());
    }
  }
}
