package io.fennel.protocol.serial;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.util.Map;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * MessagePack as Python's {@code msgpack.packb(use_bin_type=True)} writes it: strings as str, bytes
 * as bin, floats as float64; decimals from a JSON tree are written as floats.
 */
public record MsgpackSerializer() implements Serializer {
  private static final ObjectMapper MAPPER = new ObjectMapper(factory());

  /** A factory with {@link PythonJson#MAX_STRING_LENGTH}, as for JSON. */
  private static MessagePackFactory factory() {
    MessagePackFactory f = new MessagePackFactory();
    f.setStreamReadConstraints(
        StreamReadConstraints.builder().maxStringLength(PythonJson.MAX_STRING_LENGTH).build());
    return f;
  }

  @Override
  public Content content() {
    return Content.MSGPACK;
  }

  @Override
  public byte[] encode(JsonNode value) {
    try {
      return MAPPER.writeValueAsBytes(floats(value));
    } catch (IOException e) {
      throw new ProtocolException("body", "cannot be written as msgpack (" + e.getMessage() + ")");
    }
  }

  @Override
  public JsonNode decode(String field, byte[] body) {
    if (body == null || body.length == 0) {
      throw new ProtocolException(field, "is empty; expected msgpack");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new ProtocolException(field, "is empty; expected msgpack");
      }
      return node;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProtocolException p) {
        throw p;
      }
      throw new ProtocolException(
          field, "is not valid msgpack (" + e.getMessage() + ") in " + body.length + " bytes", e);
    }
  }

  /** The tree with exact decimals replaced by doubles, which is all msgpack has. */
  private static JsonNode floats(JsonNode node) {
    if (node.isBigDecimal()) {
      return JsonNodeFactory.instance.numberNode(node.doubleValue());
    }
    if (node.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode(node.size());
      node.forEach(v -> a.add(floats(v)));
      return a;
    }
    if (node.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        o.set(e.getKey(), floats(e.getValue()));
      }
      return o;
    }
    return node;
  }
}
