package io.fennel.core.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of a broker message as AMQP 0-9-1 defines them, with headers as plain Java values
 * (String, Integer, Long, Boolean, Double, BigDecimal, List, Map, null) in their wire order.
 */
public record MessageProperties(
    String contentType,
    String contentEncoding,
    Map<String, Object> headers,
    Integer deliveryMode,
    Integer priority,
    String correlationId,
    String replyTo,
    String expiration) {

  public MessageProperties {
    headers =
        headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** Persistent delivery mode. */
  public static final int PERSISTENT = 2;

  /** Transient delivery mode (events, replies). */
  public static final int TRANSIENT = 1;

  /** JSON, UTF-8, with the given headers and delivery mode and priority 0. */
  public static MessageProperties json(Map<String, Object> headers, int deliveryMode) {
    return new MessageProperties(
        "application/json", "utf-8", headers, deliveryMode, 0, null, null, null);
  }
}
