package io.fennel.core.broker;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

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
        headers == null
            ? Map.of()
            : headers instanceof Adopted ? headers : new Adopted(new LinkedHashMap<>(headers));
  }

  /**
   * Headers for a new {@code MessageProperties} without copying them, for a map its caller has just
   * built and never touches again (a decoder's, a producer's): the constructor copies any other
   * map, and one copy per message is measurable on the worker's hot path.
   */
  public static Map<String, Object> adopt(LinkedHashMap<String, Object> fresh) {
    return new Adopted(fresh);
  }

  /** An unmodifiable view of a map nobody else holds, in its insertion order. */
  private static final class Adopted extends AbstractMap<String, Object> {
    private final Map<String, Object> map;

    Adopted(LinkedHashMap<String, Object> owned) {
      this.map = Collections.unmodifiableMap(owned);
    }

    @Override
    public Object get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return map.entrySet();
    }

    @Override
    public Set<String> keySet() {
      return map.keySet();
    }

    @Override
    public Collection<Object> values() {
      return map.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      map.forEach(action);
    }
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
