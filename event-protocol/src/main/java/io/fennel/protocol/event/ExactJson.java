package io.fennel.protocol.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads event bodies like {@link PythonJson#read} but keeps decimals exactly as written ({@code
 * 2.0} stays {@code 2.0}), so unmodelled fields are written back unchanged.
 */
final class ExactJson {
  private ExactJson() {}

  private static final ObjectMapper EXACT =
      ((JsonMapper) PythonJson.MAPPER)
          .rebuild()
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  static JsonNode read(String field, byte[] bytes) {
    if (bytes == null) {
      throw new ProtocolException(field, "is missing (no bytes); expected JSON");
    }
    try {
      JsonNode node = EXACT.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new ProtocolException(field, "is empty; expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ProtocolException(
          field, "is not valid JSON (" + e.getOriginalMessage() + "): " + excerpt(bytes), e);
    } catch (IOException e) {
      throw new ProtocolException(
          field, "could not be read (" + e.getMessage() + "): " + excerpt(bytes), e);
    }
  }

  private static String excerpt(byte[] bytes) {
    return PythonJson.excerpt(new String(bytes, StandardCharsets.UTF_8));
  }
}
