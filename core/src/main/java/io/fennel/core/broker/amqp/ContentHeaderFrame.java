package io.fennel.core.broker.amqp;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The payload of a message's AMQP 0-9-1 content header (class, weight, body size, the property
 * flags and the properties, headers table included), written in one pass into one buffer sized for
 * a Celery message, straight from Fennel's header values (an Instant as a timestamp). amqp-client
 * measures a table before it writes it, encoding every string twice, and grows its frame buffer
 * from 32 bytes, after Fennel had copied the headers into its types: a third of a publishing
 * thread's time went there. The bytes are the same: {@code ContentHeaderFrameTest} holds them to
 * every content header Celery 5.2.6 wrote in the captures and to amqp-client's own writer for every
 * field type.
 */
final class ContentHeaderFrame {
  private static final int BASIC_CLASS = 60;
  private static final int FIRST_GUESS = 1_024;

  private byte[] buf = new byte[FIRST_GUESS];
  private int count;

  private ContentHeaderFrame() {}

  /**
   * The payload for {@code p}'s first eight properties (the only ones Fennel sets) and {@code
   * headers} in their order; {@link #withBodySize} gives each message's copy.
   *
   * @throws IllegalArgumentException for a value AMQP cannot carry, naming the header
   */
  static ContentHeaderFrame of(AMQP.BasicProperties p, Map<String, Object> headers) {
    ContentHeaderFrame f = new ContentHeaderFrame();
    f.short16(BASIC_CLASS);
    f.short16(0); // weight
    f.long64(0); // the body size, filled in per message
    int flags = 0;
    flags |= p.getContentType() != null ? 1 << 15 : 0;
    flags |= p.getContentEncoding() != null ? 1 << 14 : 0;
    flags |= headers != null ? 1 << 13 : 0;
    flags |= p.getDeliveryMode() != null ? 1 << 12 : 0;
    flags |= p.getPriority() != null ? 1 << 11 : 0;
    flags |= p.getCorrelationId() != null ? 1 << 10 : 0;
    flags |= p.getReplyTo() != null ? 1 << 9 : 0;
    flags |= p.getExpiration() != null ? 1 << 8 : 0;
    f.short16(flags);
    if (p.getContentType() != null) {
      f.shortstr(p.getContentType(), "content_type");
    }
    if (p.getContentEncoding() != null) {
      f.shortstr(p.getContentEncoding(), "content_encoding");
    }
    if (headers != null) {
      f.table(headers, "");
    }
    if (p.getDeliveryMode() != null) {
      f.octet(p.getDeliveryMode());
    }
    if (p.getPriority() != null) {
      f.octet(p.getPriority());
    }
    if (p.getCorrelationId() != null) {
      f.shortstr(p.getCorrelationId(), "correlation_id");
    }
    if (p.getReplyTo() != null) {
      f.shortstr(p.getReplyTo(), "reply_to");
    }
    if (p.getExpiration() != null) {
      f.shortstr(p.getExpiration(), "expiration");
    }
    return f;
  }

  /** The payload, copied once, announcing a body of {@code bodySize} bytes. */
  ByteBuffer withBodySize(long bodySize) {
    byte[] copy = Arrays.copyOf(buf, count);
    for (int i = 0; i < 8; i++) {
      copy[4 + i] = (byte) (bodySize >>> (56 - 8 * i));
    }
    return ByteBuffer.wrap(copy);
  }

  private void room(int n) {
    if (count + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
    }
  }

  private void octet(int v) {
    room(1);
    buf[count++] = (byte) v;
  }

  private void short16(int v) {
    room(2);
    buf[count++] = (byte) (v >>> 8);
    buf[count++] = (byte) v;
  }

  private void int32(int v) {
    room(4);
    putInt(count, v);
    count += 4;
  }

  private void putInt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  private void long64(long v) {
    int32((int) (v >>> 32));
    int32((int) v);
  }

  private void bytes(byte[] b) {
    room(b.length);
    System.arraycopy(b, 0, buf, count, b.length);
    count += b.length;
  }

  private void shortstr(String s, String what) {
    byte[] b = s.getBytes(UTF_8);
    if (b.length > 255) {
      throw new IllegalArgumentException(
          what + " is " + b.length + " bytes in UTF-8; AMQP carries at most 255 there");
    }
    octet(b.length);
    bytes(b);
  }

  private void longstr(byte[] b) {
    int32(b.length);
    bytes(b);
  }

  /** A table: its byte length, written once the entries are, then the entries. */
  private void table(Map<?, ?> table, String path) {
    int at = count;
    int32(0);
    for (Map.Entry<?, ?> e : table.entrySet()) {
      String name = String.valueOf(e.getKey());
      String where = path.isEmpty() ? name : path + "." + name;
      shortstr(name, "header name '" + where + "'");
      field(e.getValue(), where);
    }
    putInt(at, count - at - 4);
  }

  private void array(List<?> values, String path) {
    int at = count;
    int32(0);
    for (int i = 0; i < values.size(); i++) {
      field(values.get(i), path + "[" + i + "]");
    }
    putInt(at, count - at - 4);
  }

  private void field(Object v, String path) {
    switch (v) {
      case null -> octet('V');
      case String s -> {
        octet('S');
        longstr(s.getBytes(UTF_8));
      }
      case LongString s -> {
        octet('S');
        longstr(s.getBytes());
      }
      case Integer i -> {
        octet('I');
        int32(i);
      }
      case Long l -> {
        octet('l');
        long64(l);
      }
      case Boolean b -> {
        octet('t');
        octet(b ? 1 : 0);
      }
      case Double d -> {
        octet('d');
        long64(Double.doubleToLongBits(d));
      }
      case Float x -> {
        octet('f');
        int32(Float.floatToIntBits(x));
      }
      case Short s -> {
        octet('s');
        short16(s);
      }
      case Byte b -> {
        octet('b');
        octet(b);
      }
      case BigDecimal d -> decimal(d, path);
      case Instant t -> {
        octet('T');
        long64(epochSeconds(t, path));
      }
      case Date d -> {
        octet('T');
        long64(d.getTime() / 1000);
      }
      case byte[] b -> {
        octet('x');
        longstr(b);
      }
      case Map<?, ?> m -> {
        octet('F');
        table(m, path);
      }
      case List<?> l -> {
        octet('A');
        array(l, path);
      }
      default -> throw AmqpHeaders.cannotCarry(path, v);
    }
  }

  /** Whole seconds, as a {@code java.util.Date} of the instant gives them. */
  private static long epochSeconds(Instant t, String path) {
    try {
      return t.toEpochMilli() / 1000;
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "header '" + path + "' is the instant " + t + ", beyond what an AMQP timestamp carries",
          e);
    }
  }

  private void decimal(BigDecimal d, String path) {
    if (d.scale() < 0 || d.scale() > 255 || d.unscaledValue().bitLength() > 31) {
      throw new IllegalArgumentException(
          "header '"
              + path
              + "' is the decimal "
              + d
              + ", which AMQP cannot carry: it needs a scale of 0 to 255 and an unscaled"
              + " value that fits a signed 32-bit integer; send it as a string");
    }
    octet('D');
    octet(d.scale());
    int32(d.unscaledValue().intValue());
  }
}
