package io.fennel.core.broker.amqp;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes a RabbitMQ connection reads, frame by frame, with each content-header frame passed
 * through {@link ContentHeaderRepair} (its headers table wrapped for Fennel to read) before
 * amqp-client parses it; every other frame streams through untouched. State survives a socket read
 * timeout (amqp-client uses them for heartbeats), so a frame split across reads is never lost or
 * misread.
 */
final class RepairingFrameInput extends InputStream {
  private static final int HEADER = 7;
  private static final int CONTENT_HEADER_FRAME = 2;

  private final InputStream in;
  private final byte[] header = new byte[HEADER];
  private int headerHave;
  private byte[] payload; // content-header frame being gathered: header, payload, frame-end octet
  private int payloadHave;
  private byte[] out; // a repaired frame being handed on
  private int outPos;
  private long passThrough; // bytes of the current frame that stream straight through

  RepairingFrameInput(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (out != null) {
        int n = Math.min(len, out.length - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        if (outPos == out.length) {
          out = null;
        }
        return n;
      }
      if (passThrough > 0) {
        int n = in.read(b, off, (int) Math.min(len, passThrough));
        if (n > 0) {
          passThrough -= n;
        }
        return n;
      }
      if (payload != null) {
        if (!gatherPayload()) {
          return -1;
        }
        continue;
      }
      if (!gatherHeader()) {
        return headerHave == 0 ? -1 : flushPartialHeader(b, off, len);
      }
    }
  }

  /** Reads the 7-byte frame header; false at end of stream. */
  private boolean gatherHeader() throws IOException {
    while (headerHave < HEADER) {
      int n = in.read(header, headerHave, HEADER - headerHave);
      if (n < 0) {
        return false;
      }
      headerHave += n;
      if (header[0] == 'A') {
        // The broker answered with a protocol header (version mismatch): hand it on as it is.
        out = java.util.Arrays.copyOf(header, headerHave);
        outPos = 0;
        headerHave = 0;
        passThrough = Long.MAX_VALUE;
        return true;
      }
    }
    long size =
        ((header[3] & 0xffL) << 24)
            | ((header[4] & 0xffL) << 16)
            | ((header[5] & 0xffL) << 8)
            | (header[6] & 0xffL);
    headerHave = 0;
    if (header[0] == CONTENT_HEADER_FRAME && size < Integer.MAX_VALUE - 1) {
      payload = new byte[HEADER + (int) size + 1];
      System.arraycopy(header, 0, payload, 0, HEADER);
      payloadHave = HEADER;
    } else {
      out = header; // handed on before the next frame header is read into it
      outPos = 0;
      passThrough = size + 1;
    }
    return true;
  }

  /** Reads a content-header frame whole, repairs it and queues it; false at end of stream. */
  private boolean gatherPayload() throws IOException {
    while (payloadHave < payload.length) {
      int n = in.read(payload, payloadHave, payload.length - payloadHave);
      if (n < 0) {
        return false;
      }
      payloadHave += n;
    }
    byte[] frame = ContentHeaderRepair.repair(payload); // as read, or with its table wrapped
    payload = null;
    out = frame;
    outPos = 0;
    return true;
  }

  private int flushPartialHeader(byte[] b, int off, int len) {
    int n = Math.min(len, headerHave);
    System.arraycopy(header, 0, b, off, n);
    System.arraycopy(header, n, header, 0, headerHave - n);
    headerHave -= n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return out != null ? out.length - outPos : passThrough > 0 ? in.available() : 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
