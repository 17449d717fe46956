package io.fennel.core.broker.amqp;

import com.rabbitmq.client.LongString;
import io.fennel.core.broker.MessageProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts header values between plain Java and amqp-client's field types.
 *
 * <p>Publishing keeps the map's iteration order, and amqp-client writes String as long string
 * {@code S}, null as void {@code V}, Integer {@code I}, Long {@code l}, Boolean {@code t}, Double
 * {@code d}, Float {@code f}, BigDecimal {@code D}, Instant (as Date) {@code T}, byte[] {@code x},
 * List {@code A} and Map {@code F}: the types Celery uses. Receiving turns {@link LongString} into
 * String, Date into Instant, and nested arrays and tables into lists and insertion-ordered maps.
 * amqp-client parses received tables into a HashMap, so the wire order of headers it parsed is not
 * known; tables that came through Fennel's frame layer are read by {@link WireTable}, in order.
 */
final class AmqpHeaders {
  private AmqpHeaders() {}

  static Map<String, Object> toAmqp(Map<String, Object> headers) {
    return toAmqpTable(headers, "");
  }

  /**
   * Received headers as plain values. A table that came through Fennel's frame layer, as every
   * table of a Fennel connection does, arrived wrapped ({@link ContentHeaderRepair}) and is read
   * from its own bytes, in the sender's order.
   */
  static Map<String, Object> fromAmqp(Map<String, Object> headers) {
    if (headers == null) {
      return Map.of();
    }
    if (headers.size() == 1
        && headers.get(ContentHeaderRepair.WRAPPED) instanceof LongString table) {
      return WireTable.read(table.getBytes());
    }
    LinkedHashMap<String, Object> plain = new LinkedHashMap<>(headers.size() * 4 / 3 + 1);
    headers.forEach((key, value) -> plain.put(key, fromAmqpValue(value)));
    return MessageProperties.adopt(plain);
  }

  private static Map<String, Object> toAmqpTable(Map<?, ?> map, String path) {
    Map<String, Object> table = new LinkedHashMap<>();
    map.forEach((key, value) -> {
      String name = String.valueOf(key);
      table.put(name, toAmqpValue(value, path.isEmpty() ? name : path + "." + name));
    });
    return table;
  }

  private static Object toAmqpValue(Object value, String path) {
    if (value == null
        || value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Boolean
        || value instanceof Double
        || value instanceof Float
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigDecimal
        || value instanceof byte[]
        || value instanceof LongString) {
      return value;
    }
    if (value instanceof Instant instant) {
      return Date.from(instant);
    }
    if (value instanceof Date date) {
      return date;
    }
    if (value instanceof Map<?, ?> map) {
      return toAmqpTable(map, path);
    }
    if (value instanceof List<?> list) {
      List<Object> array = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        array.add(toAmqpValue(list.get(i), path + "[" + i + "]"));
      }
      return array;
    }
    throw cannotCarry(path, value);
  }

  /** The refusal of a header value of a type AMQP has no field for, naming the header. */
  static IllegalArgumentException cannotCarry(String path, Object value) {
    return new IllegalArgumentException(
        "header '"
            + path
            + "' has a "
            + value.getClass().getName()
            + ", which AMQP cannot carry; use String, Integer, Long, Boolean, Double, BigDecimal,"
            + " Instant, byte[], List, Map or null");
  }

  private static Object fromAmqpValue(Object value) {
    if (value instanceof LongString string) {
      return string.toString();
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> plain = new LinkedHashMap<>();
      map.forEach((key, item) -> plain.put(String.valueOf(key), fromAmqpValue(item)));
      return Collections.unmodifiableMap(plain);
    }
    if (value instanceof List<?> list) {
      List<Object> plain = new ArrayList<>(list.size());
      list.forEach(item -> plain.add(fromAmqpValue(item)));
      return Collections.unmodifiableList(plain);
    }
    return value;
  }
}
