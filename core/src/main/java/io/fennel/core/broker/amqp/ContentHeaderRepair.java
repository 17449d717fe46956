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
 * table Fennel cannot read (a type nobody can size, say) becomes one header, {@value #UNREADABLE},
 * that says why, when its message is read: only that message is refused and the connection lives.
 */
final class ContentHeaderRepair {
  /** The header that stands for a table Fennel could not read ({@link WireTable}). */
  static final String UNREADABLE = "x-fennel-unreadable-headers";

  /** The one header of a wrapped table, a long string holding the table's fields as received. */
  static final String WRAPPED = "x-fennel-wire-table";

  private static final byte[] WRAPPED_NAME = WRAPPED.getBytes(StandardCharsets.UTF_8);
  private static final int HEADER = 7; // frame type, channel, payload size
  private static final int FLAG_CONTENT_TYPE = 1 << 15;
  private static final int FLAG_CONTENT_ENCODING = 1 << 14;
  private static final int FLAG_HEADERS = 1 << 13;

  private ContentHeaderRepair() {}

  /**
   * The content-header frame {@code frame} (frame header, payload of class id, weight, body size,
   * property flags and properties, frame-end octet) as amqp-client should read it: itself when it
   * has no headers or an empty table (or is too malformed to touch: amqp-client reports it), else a
   * new frame whose table is wrapped.
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
      return wrapTable(frame, tableStart, tableEnd);
    } catch (IndexOutOfBoundsException e) {
      return frame;
    }
  }

  /**
   * {@code frame} with its headers table (its length from {@code start}, its fields up to {@code
   * end}) replaced by a table of the one long-string header {@link #WRAPPED} holding those fields.
   */
  private static byte[] wrapTable(byte[] frame, int start, int end) {
    int length = end - start - 4;
    int fieldLength = 1 + WRAPPED_NAME.length + 1 + 4 + length;
    int payload = frame.length - HEADER - 1 - (end - start) + 4 + fieldLength;
    ByteBuffer out = ByteBuffer.allocate(HEADER + payload + 1);
    out.put(frame, 0, 3).putInt(payload);
    out.put(frame, HEADER, start - HEADER);
    out.putInt(fieldLength);
    out.put((byte) WRAPPED_NAME.length).put(WRAPPED_NAME).put((byte) 'S').putInt(length);
    out.put(frame, start + 4, length);
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
