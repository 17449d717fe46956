package io.fennel.core.broker.memory;

import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A message sitting in an in-memory queue: an immutable copy of what was published. */
record MemoryMessage(
    String exchange,
    String routingKey,
    MessageProperties properties,
    byte[] body,
    boolean redelivered) {

  /** Copies a published message so the publisher cannot change it afterwards. */
  static MemoryMessage of(OutgoingMessage message) {
    MessageProperties p = message.properties();
    MessageProperties copy =
        new MessageProperties(
            p.contentType(),
            p.contentEncoding(),
            copyMap(p.headers()),
            p.deliveryMode(),
            p.priority(),
            p.correlationId(),
            p.replyTo(),
            p.expiration());
    byte[] body = message.body() == null ? new byte[0] : message.body().clone();
    return new MemoryMessage(message.exchange(), message.routingKey(), copy, body, false);
  }

  MemoryMessage asRedelivered() {
    return redelivered ? this : new MemoryMessage(exchange, routingKey, properties, body, true);
  }

  int priority() {
    Integer priority = properties.priority();
    return priority == null ? 0 : priority;
  }

  private static Map<String, Object> copyMap(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return copyMap(map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(copyValue(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    return value;
  }
}
