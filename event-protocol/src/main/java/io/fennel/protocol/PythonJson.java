package io.fennel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON written the way Python's {@code json.dumps} writes it by default ({@code ", "} and {@code ":
 * "} separators, non-ASCII escaped as {@code \\uXXXX}), so Fennel's message bodies are
 * byte-for-byte what a Celery peer sends; and one shared, strict reader.
 */
public final class PythonJson {
  private PythonJson() {}

  /**
   * The largest string a message may hold: RabbitMQ's default {@code max_message_size} (128 MiB),
   * not Jackson's default of 20 million characters, so what the broker carries Fennel reads.
   */
  public static final int MAX_STRING_LENGTH = 128 * 1024 * 1024;

  /** The mapper every codec reads with: exact decimals are kept, duplicate keys refused. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      com.fasterxml.jackson.core.StreamReadConstraints.builder()
                          .maxStringLength(MAX_STRING_LENGTH)
                          .build())
                  .build())
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(
              com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Writes {@code value} as Python's {@code json.dumps(value)} would, byte for byte. */
  public static String write(JsonNode value) {
    return io.fennel.protocol.repr.PythonDumps.dumps(value);
  }

  /** {@link #write} as UTF-8 bytes. */
  public static byte[] writeBytes(JsonNode value) {
    return io.fennel.protocol.repr.PythonDumps.dumpsBytes(value);
  }

  /**
   * Reads JSON text; anything that is not JSON becomes a {@link ProtocolException} naming {@code
   * field} and a short excerpt of the text.
   */
  public static JsonNode read(String field, byte[] bytes) {
    if (bytes == null) {
      throw new ProtocolException(field, "is missing (no bytes); expected JSON");
    }
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new ProtocolException(field, "is empty; expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ProtocolException(
          field,
          "is not valid JSON ("
              + e.getOriginalMessage()
              + "): "
              + excerpt(new String(bytes, StandardCharsets.UTF_8)),
          e);
    } catch (IOException e) {
      throw new ProtocolException(
          field,
          "could not be read ("
              + e.getMessage()
              + "): "
              + excerpt(new String(bytes, StandardCharsets.UTF_8)),
          e);
    }
  }

  /** {@link #read(String, byte[])} for text. */
  public static JsonNode read(String field, String text) {
    if (text == null) {
      throw new ProtocolException(field, "is missing (null); expected JSON");
    }
    return read(field, text.getBytes(StandardCharsets.UTF_8));
  }

  /** At most 80 characters of {@code text}, for error messages. */
  public static String excerpt(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= 80 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 77) + "...'";
  }
}
