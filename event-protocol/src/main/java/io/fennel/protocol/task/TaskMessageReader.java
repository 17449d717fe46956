package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.serial.Compression;
import io.fennel.protocol.serial.ContentCodecs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a task message as a Celery worker does: undoes the {@code compression} header, decodes the
 * body by its content type among the accepted formats (verifying a signature for {@code auth}), and
 * takes protocol 1 bodies as well as protocol 2.
 *
 * @param codecs the accepted formats
 * @param maxDecompressedBytes the most a compressed body may grow to
 */
public record TaskMessageReader(ContentCodecs codecs, long maxDecompressedBytes) {

  /** The default decompression bound: 64 MiB. */
  public static final long DEFAULT_MAX_DECOMPRESSED = 64L << 20;

  /** JSON only, as Celery's default {@code accept_content}. */
  public static final TaskMessageReader JSON_ONLY =
      new TaskMessageReader(ContentCodecs.JSON_ONLY, DEFAULT_MAX_DECOMPRESSED);

  /**
   * Decodes a task message; {@code headers} holds plain Java values.
   *
   * @throws ProtocolException naming the field for anything Fennel cannot accept
   */
  public TaskMessage read(TaskProperties props, Map<String, Object> headers, byte[] body) {
    if (props == null) {
      throw new ProtocolException("properties", "are missing; expected the AMQP basic properties");
    }
    Map<String, Object> h = headers;
    byte[] bytes = body;
    Object compression = headers == null ? null : headers.get("compression");
    if (compression != null) {
      Compression c = Compression.parse("headers.compression", String.valueOf(compression));
      if (bytes == null) {
        throw new ProtocolException("body", "is missing (null); expected compressed bytes");
      }
      bytes = c.decompress(bytes, maxDecompressedBytes);
      h = new LinkedHashMap<>(headers);
      h.remove("compression");
    }
    JsonNode json = codecs.decode("body", props.contentType(), props.contentEncoding(), bytes);
    if (ProtocolV1.isV1(h, json)) {
      return ProtocolV1.read(props, h, json);
    }
    if (h == null) {
      throw new ProtocolException("headers", "are missing; expected the protocol v2 task headers");
    }
    return new TaskMessage(props, TaskMessageCodec.headersFromMap(h), TaskBody.fromJson(json));
  }
}
