package io.fennel.core.broker.amqp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Hands amqp-client a content-header frame whose headers table it does not parse: the table's bytes
 * travel on inside it as one long string under {@value #WRAPPED}, which Fennel reads itself when a
 * handler asks for the headers ({@link WireTable}), in the sender's order. amqp-client reads a
 * table a byte at a time through three streams into a HashMap of its own types, which Fennel then
 * copied into plain values: a third of a worker's CPU per task. Its reader also refuses types
 * Python clients send (py-amqp writes integers beyond 32 bits as field type {@code L} and some
 * shorts as {@code U}) by closing the connection; wrapped, they reach Fennel, which reads them. A
 * table with a type nobody can size is replaced by one header, {@value #UNREADABLE}, that says why,
 * so only that message is refused and the connection lives.
 */
final class ContentHeaderRepair {
  /** The header that replaces a table Fennel could not read. */
  static final String UNREADABLE = "x-fennel-unreadable-headers";

  /** The one header of a wrapped table, a long string holding the table's fields as received. */
  static final String WRAPPED = "x-fennel-wire-table";

  private static final byte[] WRAPPED_NAME = WRAPPED.getBytes(StandardCharsets.UTF_8);
  private static final int HEADER = 7; // frame type, channel, payload size
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
   * The content-header frame {@code frame} (frame header, payload of class id, weight, body size,
   * property flags and properties, frame-end octet) as amqp-client should read it: itself when it
   * has no headers or an empty table (or is too malformed to touch: amqp-client reports it), else a
   * new frame whose table is wrapped, or replaced by the one header that says why it cannot be
   * read.
   */
  static byte[] repair(byte[] frame) {
    int from = HEADER;
    int to = frame.length - 1;
    try {
      if (to - from < 14) {
        return frame;
      }
      int flags = ((frame[from + 12] & 0xff) << 8) | (frame[from + 13] & 0xff);
      int pos = from + 14;
      if ((flags & 1) != 0 || (flags & FLAG_HEADERS) == 0) {
        return frame; // more flag words (not used by Basic) or no headers: nothing to read
      }
      if ((flags & FLAG_CONTENT_TYPE) != 0) {
        pos = skipShortString(frame, pos);
      }
      if ((flags & FLAG_CONTENT_ENCODING) != 0) {
        pos = skipShortString(frame, pos);
      }
      int tableStart = pos;
      int tableEnd = tableStart + 4 + (int) readUint(frame, tableStart);
      if (tableEnd > to || tableEnd < tableStart) {
        return frame; // let amqp-client report a frame this malformed
      }
      if (tableEnd == tableStart + 4) {
        return frame; // an empty table costs amqp-client nothing
      }
      try {
        walkTable(frame, tableStart + 4, tableEnd, 0);
      } catch (Unreadable e) {
        return replaceTable(
            frame,
            tableStart,
            tableEnd,
            UNREADABLE,
            e.getMessage().getBytes(StandardCharsets.UTF_8),
            0,
            -1);
      }
      return replaceTable(frame, tableStart, tableEnd, WRAPPED, frame, tableStart + 4, tableEnd);
    } catch (IndexOutOfBoundsException e) {
      return frame;
    }
  }

  private static void walkTable(byte[] p, int pos, int end, int depth) throws Unreadable {
    while (pos < end) {
      pos = walkValue(p, pos + 1 + (p[pos] & 0xff), end, pos, depth);
    }
  }

  /** The header name whose length byte is at {@code at}, made only for an error message. */
  private static String name(byte[] p, int at) {
    return new String(p, at + 1, p[at] & 0xff, StandardCharsets.UTF_8);
  }

  /** Walks one value at {@code pos}; {@code name} is where its header's name starts. */
  private static int walkValue(byte[] p, int pos, int end, int name, int depth) throws Unreadable {
    if (pos >= end) {
      throw new Unreadable("header '" + name(p, name) + "' has no value");
    }
    byte type = p[pos];
    int at = pos + 1;
    int next =
        switch (type) {
          case 't', 'b', 'B' -> at + 1;
          case 's', 'u' -> at + 2;
          case 'U' -> at + 2; // py-amqp's signed 16-bit short
          case 'I', 'i', 'f' -> at + 4;
          case 'l', 'd', 'T' -> at + 8;
          case 'L' -> at + 8; // py-amqp's signed 64-bit integer (2**40 in `retries`, say)
          case 'D' -> at + 5;
          case 'V' -> at;
          case 'S', 'x' -> at + 4 + (int) readUint(p, at);
          case 'F' -> {
            int tableEnd = at + 4 + (int) readUint(p, at);
            walkTable(p, at + 4, tableEnd, deeper(p, name, depth));
            yield tableEnd;
          }
          case 'A' -> {
            int arrayEnd = at + 4 + (int) readUint(p, at);
            for (int i = at + 4; i < arrayEnd; ) {
              i = walkValue(p, i, arrayEnd, name, deeper(p, name, depth));
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

  /** One level deeper than {@code depth}, refused past {@link WireTable#MAX_DEPTH}. */
  private static int deeper(byte[] p, int name, int depth) throws Unreadable {
    if (depth >= WireTable.MAX_DEPTH) {
      throw new Unreadable(
          "header '"
              + name(p, name)
              + "' nests tables or arrays deeper than "
              + WireTable.MAX_DEPTH
              + " levels");
    }
    return depth + 1;
  }

  /**
   * {@code frame} with its headers table (from {@code start} to {@code end}) replaced by a table of
   * one long-string header {@code name}: the bytes of {@code value} from {@code valueFrom} to
   * {@code valueTo}, or all of them when {@code valueTo} is negative.
   */
  private static byte[] replaceTable(
      byte[] frame, int start, int end, String name, byte[] value, int valueFrom, int valueTo) {
    byte[] key = name.equals(WRAPPED) ? WRAPPED_NAME : name.getBytes(StandardCharsets.UTF_8);
    int valueLength = (valueTo < 0 ? value.length : valueTo) - valueFrom;
    int fieldLength = 1 + key.length + 1 + 4 + valueLength;
    int payload = frame.length - HEADER - 1 - (end - start) + 4 + fieldLength;
    ByteBuffer out = ByteBuffer.allocate(HEADER + payload + 1);
    out.put(frame, 0, 3).putInt(payload);
    out.put(frame, HEADER, start - HEADER);
    out.putInt(fieldLength);
    out.put((byte) key.length).put(key).put((byte) 'S').putInt(valueLength);
    out.put(value, valueFrom, valueLength);
    out.put(frame, end, frame.length - end);
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
