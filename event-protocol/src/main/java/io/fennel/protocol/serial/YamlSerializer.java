package io.fennel.protocol.serial;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML in safe mode, as Python's {@code yaml.safe_load} reads it: plain data only; a document with
 * a type tag other than YAML's own scalar and collection tags (such as {@code !!python/object}) is
 * refused before anything is built from it.
 */
public record YamlSerializer() implements Serializer {
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(PythonJson.MAX_STRING_LENGTH).build())
          .loaderOptions(documentLimit())
          .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
  private static final String STANDARD = "tag:yaml.org,2002:";
  private static final Set<String> SAFE_TAGS =
      Set.of("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary");

  /** SnakeYAML's document limit (3 MB by default) raised to JSON's string limit. */
  private static LoaderOptions documentLimit() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(PythonJson.MAX_STRING_LENGTH);
    return o;
  }

  @Override
  public Content content() {
    return Content.YAML;
  }

  @Override
  public byte[] encode(JsonNode value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new ProtocolException("body", "cannot be written as YAML (" + e.getMessage() + ")");
    }
  }

  @Override
  public JsonNode decode(String field, byte[] body) {
    if (body == null || body.length == 0) {
      throw new ProtocolException(field, "is empty; expected YAML");
    }
    try {
      refuseTypeTags(field, body);
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new ProtocolException(field, "is empty; expected YAML");
      }
      return node;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProtocolException p) {
        throw p;
      }
      throw new ProtocolException(field, "is not valid YAML (" + e.getMessage() + ")", e);
    }
  }

  private static void refuseTypeTags(String field, byte[] body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        String tag = p.getTypeId() instanceof String s ? s : null;
        if (tag != null && !safe(tag)) {
          throw new ProtocolException(
              field,
              "has the YAML type tag '"
                  + tag
                  + "'; Fennel reads YAML in safe mode only (plain maps, lists and scalars, as"
                  + " yaml.safe_load), so the sender must not tag objects");
        }
      }
    }
  }

  private static boolean safe(String tag) {
    String t = tag.startsWith(STANDARD) ? tag.substring(STANDARD.length()) : tag;
    t = t.startsWith("!!") ? t.substring(2) : t;
    return SAFE_TAGS.contains(t);
  }
}
