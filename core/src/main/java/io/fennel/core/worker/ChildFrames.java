package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The framing between a worker and its process-pool children over the child's stdin and stdout:
 * each frame is a 4-byte big-endian length followed by that many bytes of one JSON object whose
 * {@code op} names it ({@code ready}, {@code run}, {@code interrupt}, {@code exit}, {@code done}).
 */
final class ChildFrames {
  /** A frame larger than this is refused (a task's arguments or result, 64 MiB). */
  static final int MAX_FRAME = 64 * 1024 * 1024;

  private final DataInputStream in;
  private final DataOutputStream out;

  ChildFrames(InputStream in, OutputStream out) {
    this.in = in == null ? null : new DataInputStream(in);
    this.out = out == null ? null : new DataOutputStream(out);
  }

  /** Writes one frame; safe from several threads. */
  void write(ObjectNode frame) throws IOException {
    byte[] bytes = PythonJson.writeBytes(frame);
    if (bytes.length > MAX_FRAME) {
      throw new IOException(
          "a frame of " + bytes.length + " bytes is over the limit of " + MAX_FRAME);
    }
    synchronized (out) {
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
    }
  }

  /**
   * Reads the next frame.
   *
   * @return null at the end of the stream (the other side exited)
   */
  ObjectNode read() throws IOException {
    int n;
    try {
      n = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (n < 0 || n > MAX_FRAME) {
      throw new IOException("bad frame length " + n + "; the channel is out of step");
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    JsonNode node = PythonJson.read("child frame", bytes);
    if (!(node instanceof ObjectNode o) || !o.hasNonNull("op")) {
      throw new IOException("a child frame must be a JSON object with an op, was " + node);
    }
    return o;
  }

  static ObjectNode frame(String op) {
    ObjectNode o = PythonJson.MAPPER.createObjectNode();
    o.put("op", op);
    return o;
  }
}
