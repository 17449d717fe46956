package io.fennel.core.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import com.rabbitmq.client.impl.Frame;
import io.fennel.core.broker.MessageProperties;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * Basic properties that write their headers in insertion order. amqp-client copies headers into a
 * HashMap, which would scramble Celery's header order on the wire; this class keeps the ordered
 * table and writes the content header itself, field by field as AMQP 0-9-1 lays it out: the whole
 * frame in one pass ({@link ContentHeaderFrame}), and through amqp-client's property writer for
 * anyone who asks it to.
 */
final class OrderedProperties extends AMQP.BasicProperties {
  private final Map<String, Object> plain; // Fennel's header values, null when there are none
  private final ContentHeaderFrame frame; // written once, as the properties are made
  private volatile Map<String, Object> headers; // as amqp-client's types, made when asked for

  /**
   * Fennel's properties as AMQP's, headers in their order and with Celery's field types; the
   * content header is written here, so a value AMQP cannot carry is refused before anything is
   * sent.
   *
   * @throws IllegalArgumentException for such a value, naming its header
   */
  static OrderedProperties of(MessageProperties p) {
    return new OrderedProperties(p, p.headers().isEmpty() ? null : p.headers());
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

  private OrderedProperties(MessageProperties p, Map<String, Object> plain) {
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
    this.plain = plain;
    this.frame = ContentHeaderFrame.of(this, plain);
  }

  @Override
  public Map<String, Object> getHeaders() {
    Map<String, Object> h = headers;
    if (h == null && plain != null) {
      h = Collections.unmodifiableMap(AmqpHeaders.toAmqp(plain));
      headers = h;
    }
    return h;
  }

  @Override
  public Frame toFrame(int channelNumber, long bodySize) {
    return new Frame(AMQP.FRAME_HEADER, channelNumber, frame.withBodySize(bodySize));
  }

  @Override
  public void writePropertiesTo(ContentHeaderPropertyWriter writer) throws IOException {
    writer.writePresence(getContentType() != null);
    writer.writePresence(getContentEncoding() != null);
    writer.writePresence(plain != null);
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
    if (plain != null) {
      writer.writeTable(getHeaders());
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
