package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.serial.Compression;
import io.fennel.protocol.serial.Serializer;
import java.util.LinkedHashMap;

/**
 * Writes a task message as a Celery client configured with {@code task_serializer}, {@code
 * task_compression} and {@code task_protocol} would: the body in the serializer's format, then
 * compressed (with the {@code compression} header), protocol 2 headers or a protocol 1 body.
 *
 * @param serializer the body format
 * @param compression the compression, or null for none
 * @param protocol 1 or 2
 */
public record TaskMessageWriter(Serializer serializer, Compression compression, int protocol) {

  public TaskMessageWriter {
    if (protocol != 1 && protocol != 2) {
      throw new IllegalArgumentException("task_protocol must be 1 or 2, was " + protocol);
    }
  }

  /**
   * What goes on the wire: content type and encoding, headers in Celery's order (a new {@code
   * LinkedHashMap} for each message, the caller's to keep), body bytes.
   */
  public record Encoded(
      String contentType,
      String contentEncoding,
      LinkedHashMap<String, Object> headers,
      byte[] body) {}

  /** The wire form of {@code m}. */
  public Encoded write(TaskMessage m) {
    LinkedHashMap<String, Object> headers =
        protocol == 2 ? TaskMessageCodec.encodeHeaders(m.headers()) : null;
    JsonNode tree = protocol == 2 ? m.body().toJson() : ProtocolV1.toJson(m);
    byte[] body = serializer.encode(tree);
    if (headers == null) {
      headers = new LinkedHashMap<>();
    }
    if (compression != null) {
      body = compression.compress(body);
      headers.put("compression", compression.header());
    }
    return new Encoded(
        serializer.content().contentType(), serializer.content().contentEncoding(), headers, body);
  }
}
