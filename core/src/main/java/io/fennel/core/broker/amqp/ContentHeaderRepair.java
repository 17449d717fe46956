package io.fennel.core.broker.amqp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Makes the headers table of an AMQP content-header frame readable by amqp-client: py-amqp (every
 * Python Celery client) writes integers beyond 32 bits as field type {@code L} and some shorts as
 * {@code U}, which amqp-client does not know; both are rewritten in place to the same-sized types
 * it reads ({@code l}, {@code s}). A table with a type nobody can size is replaced by one header,
 * {@value #UNREADABLE}, that says why, so only that message is refused and the connection lives.
 */
final class ContentHeaderRepair {
  /** The header that replaces a table Fennel could not read. */
  static final String UNREADABLE = "x-fennel-unreadable-headers";

  private static final int FLAG_CONTENT_TYPE = 1 << 15;
  private static final int FLAG_CONTENT_ENCODING = 1 << 14;
  private static final int FLAG_HEADERS = 1 << 13;

  private ContentHeaderRepair() {}

  /** A field type this walker cannot size; the table around it is unreadable. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Repairs the payload of a content-header frame (class id, weight, body size, property flags,
   * properties). Returns {@code payload} itself when it needed nothing or was fixed in place, or a
   * new, shorter payload whose headers table was replaced.
   */
  static byte[] repair(byte[] payload) {
    try {
      if (payload.length < 14) {
        return payload;
      }
      int flags = ((payload[12] & 0xff) << 8) | (payload[13] & 0xff);
      int pos = 14;
      if ((flags & 1) != 0 || (flags & FLAG_HEADERS) == 0) {
        return payload; // more flag words (not used by Basic) or no headers: nothing to read
      }
      if ((flags & FLAG_CONTENT_TYPE) != 0) {
        pos = skipShortString(payload, pos);
      }
      if ((flags & FLAG_CONTENT_ENCODING) != 0) {
        pos = skipShortString(payload, pos);
      }
      int tableStart = pos;
      int tableEnd = tableStart + 4 + (int) readUint(payload, tableStart);
      if (tableEnd > payload.length || tableEnd < tableStart) {
        return payload; // let amqp-client report a frame this malformed
      }
      try {
        walkTable(payload, tableStart + 4, tableEnd);
        return payload;
      } catch (Unreadable e) {
        return replaceTable(payload, tableStart, tableEnd, e.getMessage());
      }
    } catch (IndexOutOfBoundsException e) {
      return payload;
    }
  }

  private static void walkTable(byte[] p, int pos, int end) throws Unreadable {
    while (pos < end) {
      int nameLength = p[pos] & 0xff;
      String name = new String(p, pos + 1, nameLength, StandardCharsets.UTF_8);
      pos = walkValue(p, pos + 1 + nameLength, end, name);
    }
  }

  private static int walkValue(byte[] p, int pos, int end, String name) throws Unreadable {
    if (pos >= end) {
      throw new Unreadable("header '" + name + "' has no value");
    }
    byte type = p[pos];
    int at = pos + 1;
    int next =
        switch (type) {
          case 't', 'b', 'B' -> at + 1;
          case 's', 'u' -> at + 2;
          case 'U' -> {
            p[pos] = 's'; // py-amqp's signed 16-bit short
            yield at + 2;
          }
          case 'I', 'i', 'f' -> at + 4;
          case 'l', 'd', 'T' -> at + 8;
          case 'L' -> {
            p[pos] = 'l'; // py-amqp's signed 64-bit integer (2**40 in `retries`, say)
            yield at + 8;
          }
          case 'D' -> at + 5;
          case 'V' -> at;
          case 'S', 'x' -> at + 4 + (int) readUint(p, at);
          case 'F' -> {
            int tableEnd = at + 4 + (int) readUint(p, at);
            walkTable(p, at + 4, tableEnd);
            yield tableEnd;
          }
          case 'A' -> {
            int arrayEnd = at + 4 + (int) readUint(p, at);
            for (int i = at + 4; i < arrayEnd; ) {
              i = walkValue(p, i, arrayEnd, name);
            }
            yield arrayEnd;
          }
          default ->
              throw new Unreadable(
                  "header '"
                      + name
                      + "' has AMQP field type '"
                      + (char) (type & 0xff)
                      + "' (0x"
                      + Integer.toHexString(type & 0xff)
                      + "), which no AMQP 0-9-1 client defines");
        };
    if (next > end || next < at) {
      throw new Unreadable("header '" + name + "' runs past the end of its table");
    }
    return next;
  }

  private static byte[] replaceTable(byte[] p, int start, int end, String reason) {
    byte[] name = UNREADABLE.getBytes(StandardCharsets.UTF_8);
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int fieldLength = 1 + name.length + 1 + 4 + text.length;
    ByteBuffer out = ByteBuffer.allocate(p.length - (end - start) + 4 + fieldLength);
    out.put(p, 0, start);
    out.putInt(fieldLength);
    out.put((byte) name.length).put(name).put((byte) 'S').putInt(text.length).put(text);
    out.put(p, end, p.length - end);
    return out.array();
  }

  private static int skipShortString(byte[] p, int pos) {
    return pos + 1 + (p[pos] & 0xff);
  }

  private static long readUint(byte[] p, int pos) {
    return ((p[pos] & 0xffL) << 24)
        | ((p[pos + 1] & 0xffL) << 16)
        | ((p[pos + 2] & 0xffL) << 8)
        | (p[pos + 3] & 0xffL);
  }
}
