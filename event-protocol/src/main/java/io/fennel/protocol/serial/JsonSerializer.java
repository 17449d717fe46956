package io.fennel.protocol.serial;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;

/** JSON as Python's {@code json.dumps} writes it, read strictly (Celery's default format). */
public record JsonSerializer() implements Serializer {
  @Override
  public Content content() {
    return Content.JSON;
  }

  @Override
  public byte[] encode(JsonNode value) {
    return PythonJson.writeBytes(value);
  }

  @Override
  public JsonNode decode(String field, byte[] body) {
    return PythonJson.read(field, body);
  }
}
