package io.fennel.core.broker.amqp;

import io.fennel.core.broker.MessageProperties;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a received AMQP 0-9-1 headers table from its bytes straight into Fennel's plain values, in
 * the order the sender wrote them: long strings as String, timestamps as Instant, nested tables and
 * arrays as unmodifiable maps and lists, void as null. A name that comes twice keeps its first
 * value, as amqp-client does.
 *
 * <p>It reads every field type a client may send, Python's too: {@code L} (py-amqp's 64-bit
 * integer) as Long and {@code U} as Short, besides the unsigned {@code B}, {@code u} and {@code i}
 * as the next wider type (Short, Integer, Long), which amqp-client cannot read at all.
 */
final class WireTable {
  /**
   * How deep tables and arrays may nest in a header: Celery's go two deep, and a hostile table
   * nested thousands deep would otherwise exhaust the reading thread's stack.
   */
  static final int MAX_DEPTH = 32;

  private final byte[] b;
  private int depth;
  private int pos;
  private String header; // the top-level header being read, for the refusal's text

  private WireTable(byte[] b) {
    this.b = b;
  }

  /**
   * The headers whose table fields, without the table's own length, are {@code fields}; a table
   * that runs past its end, holds a type no client defines or nests deeper than {@link #MAX_DEPTH}
   * comes back as the one header {@link ContentHeaderRepair#UNREADABLE}, saying where and why, so
   * only that message is refused.
   */
  static Map<String, Object> read(byte[] fields) {
    WireTable in = new WireTable(fields);
    try {
      return MessageProperties.adopt(in.fields(fields.length));
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      LinkedHashMap<String, Object> why = new LinkedHashMap<>();
      why.put(
          ContentHeaderRepair.UNREADABLE,
          "the headers table is malformed at byte "
              + in.pos
              + (in.header == null ? "" : " (header '" + in.header + "')")
              + ": "
              + e.getMessage());
      return MessageProperties.adopt(why);
    }
  }

  private LinkedHashMap<String, Object> fields(int end) {
    LinkedHashMap<String, Object> table = new LinkedHashMap<>();
    while (pos < end) {
      int length = b[pos++] & 0xff;
      String name = new String(b, pos, length, StandardCharsets.UTF_8);
      pos += length;
      if (depth == 0) {
        header = name;
      }
      table.putIfAbsent(name, value());
    }
    within(end);
    return table;
  }

  private Object value() {
    byte type = b[pos++];
    return switch (type) {
      case 'S' -> {
        int length = length();
        String s = new String(b, pos, length, StandardCharsets.UTF_8);
        pos += length;
        yield s;
      }
      case 'V' -> null;
      case 't' -> b[pos++] != 0;
      case 'b' -> b[pos++];
      case 'B' -> (short) (b[pos++] & 0xff);
      case 's', 'U' -> (short) bits(2);
      case 'u' -> (int) bits(2);
      case 'I' -> (int) bits(4);
      case 'i' -> bits(4);
      case 'l', 'L' -> bits(8);
      case 'f' -> Float.intBitsToFloat((int) bits(4));
      case 'd' -> Double.longBitsToDouble(bits(8));
      case 'D' -> {
        int scale = b[pos++] & 0xff;
        yield BigDecimal.valueOf((int) bits(4), scale);
      }
      case 'T' -> Instant.ofEpochSecond(bits(8));
      case 'x' -> {
        int length = length();
        byte[] bytes = Arrays.copyOfRange(b, pos, pos + length);
        pos += length;
        yield bytes;
      }
      case 'F' -> {
        int end = end();
        deeper();
        Map<String, Object> table = Collections.unmodifiableMap(fields(end));
        depth--;
        yield table;
      }
      case 'A' -> {
        int end = end();
        deeper();
        List<Object> items = new ArrayList<>();
        while (pos < end) {
          items.add(value());
        }
        within(end);
        depth--;
        yield Collections.unmodifiableList(items);
      }
      default ->
          throw new IllegalArgumentException(
              "field type '"
                  + (char) (type & 0xff)
                  + "' (0x"
                  + Integer.toHexString(type & 0xff)
                  + "), which no AMQP 0-9-1 client defines");
    };
  }

  private void deeper() {
    if (++depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "tables or arrays nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  /** The next {@code n} bytes as a big-endian unsigned number. */
  private long bits(int n) {
    if (pos + n > b.length) {
      throw new IndexOutOfBoundsException("a value runs past the end of the table");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[pos++] & 0xff);
    }
    return v;
  }

  private int length() {
    long n = bits(4);
    if (n > b.length - pos) {
      throw new IndexOutOfBoundsException("a value of " + n + " bytes runs past the table's end");
    }
    return (int) n;
  }

  /** Where the value whose length comes next ends. */
  private int end() {
    int length = length();
    return pos + length;
  }

  private void within(int end) {
    if (pos != end) {
      throw new IndexOutOfBoundsException("a value runs past the end of its table or array");
    }
  }
}
