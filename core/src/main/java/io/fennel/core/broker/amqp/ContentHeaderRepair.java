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
   * properties), found in {@code p} from {@code from} to {@code to}. Returns null when it needed
   * nothing or was fixed in place, or a new, shorter payload whose headers table was replaced.
   */
  static byte[] repair(byte[] p, int from, int to) {
    try {
      if (to - from < 14) {
        return null;
      }
      int flags = ((p[from + 12] & 0xff) << 8) | (p[from + 13] & 0xff);
      int pos = from + 14;
      if ((flags & 1) != 0 || (flags & FLAG_HEADERS) == 0) {
        return null; // more flag words (not used by Basic) or no headers: nothing to read
      }
      if ((flags & FLAG_CONTENT_TYPE) != 0) {
        pos = skipShortString(p, pos);
      }
      if ((flags & FLAG_CONTENT_ENCODING) != 0) {
        pos = skipShortString(p, pos);
      }
      int tableStart = pos;
      int tableEnd = tableStart + 4 + (int) readUint(p, tableStart);
      if (tableEnd > to || tableEnd < tableStart) {
        return null; // let amqp-client report a frame this malformed
      }
      try {
        walkTable(p, tableStart + 4, tableEnd);
        return null;
      } catch (Unreadable e) {
        return replaceTable(p, from, to, tableStart, tableEnd, e.getMessage());
      }
    } catch (IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static void walkTable(byte[] p, int pos, int end) throws Unreadable {
    while (pos < end) {
      pos = walkValue(p, pos + 1 + (p[pos] & 0xff), end, pos);
    }
  }

  /** The header name whose length byte is at {@code at}, made only for an error message. */
  private static String name(byte[] p, int at) {
    return new String(p, at + 1, p[at] & 0xff, StandardCharsets.UTF_8);
  }

  /** Walks one value at {@code pos}; {@code name} is where its header's name starts. */
  private static int walkValue(byte[] p, int pos, int end, int name) throws Unreadable {
    if (pos >= end) {
      throw new Unreadable("header '" + name(p, name) + "' has no value");
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
                      + name(p, name)
                      + "' has AMQP field type '"
                      + (char) (type & 0xff)
                      + "' (0x"
                      + Integer.toHexString(type & 0xff)
                      + "), which no AMQP 0-9-1 client defines");
        };
    if (next > end || next < at) {
      throw new Unreadable("header '" + name(p, name) + "' runs past the end of its table");
    }
    return next;
  }

  private static byte[] replaceTable(
      byte[] p, int from, int to, int start, int end, String reason) {
    byte[] name = UNREADABLE.getBytes(StandardCharsets.UTF_8);
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int fieldLength = 1 + name.length + 1 + 4 + text.length;
    ByteBuffer out = ByteBuffer.allocate(to - from - (end - start) + 4 + fieldLength);
    out.put(p, from, start - from);
    out.putInt(fieldLength);
    out.put((byte) name.length).put(name).put((byte) 'S').putInt(text.length).put(text);
    out.put(p, end, to - end);
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
