package io.fennel.protocol.control;

import io.fennel.protocol.WireNames;
import java.util.Objects;

/**
 * Where a worker sends its reply to a control request: the {@code reply.celery.pidbox} exchange and
 * the caller's oid as routing key.
 *
 * @param exchange the reply exchange, {@code reply.celery.pidbox}
 * @param routingKey the caller's oid; its reply queue is {@code <oid>.reply.celery.pidbox}
 */
public record ReplyTo(String exchange, String routingKey) {

  public ReplyTo {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
  }

  /** The usual reply address for a caller with this oid. */
  public static ReplyTo oid(String oid) {
    return new ReplyTo(WireNames.REPLY_EXCHANGE, oid);
  }
}
