package io.fennel.core.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.config.WireSettings;
import io.fennel.core.error.ConfigException;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.serial.Content;
import io.fennel.protocol.serial.ContentCodecs;
import io.fennel.protocol.serial.JsonSerializer;
import io.fennel.protocol.serial.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * How result records are written ({@code result_serializer}: json, msgpack or yaml) and which
 * formats are read back ({@code result_accept_content}): by the content type of an RPC reply, or,
 * for a Redis value, which has none, by its first byte (a JSON object, a msgpack map, else YAML).
 *
 * @param serializer the format written
 * @param accept the formats read
 */
public record ResultFormat(Serializer serializer, ContentCodecs accept) {

  /** Celery's default: JSON written, JSON read. */
  public static final ResultFormat JSON =
      new ResultFormat(new JsonSerializer(), ContentCodecs.JSON_ONLY);

  /**
   * The result format of a configuration.
   *
   * @throws ConfigException for {@code result_serializer=auth}: results are not signed
   */
  public static ResultFormat of(FennelConfig config) {
    WireSettings s = WireSettings.of(config);
    if (s.resultSerializer() == Content.AUTH) {
      throw new ConfigException(
          "result_serializer must be json, msgpack or yaml; results are not signed, was 'auth'");
    }
    Set<Content> accept = EnumSet.copyOf(s.resultAcceptContent());
    accept.remove(Content.AUTH);
    accept.add(s.resultSerializer());
    ContentCodecs codecs = new ContentCodecs(accept, null);
    return new ResultFormat(codecs.serializer(s.resultSerializer()), codecs);
  }

  /** Whether results are plain JSON, written byte for byte as Celery writes them. */
  public boolean isJson() {
    return serializer.content() == Content.JSON;
  }

  /** The bytes of a tree in the result format (JSON exactly as Python's json.dumps). */
  public byte[] encode(JsonNode tree) {
    return serializer.encode(tree);
  }

  /** The bytes of a record as the Redis backend stores it. */
  public byte[] encode(ResultRecord r) {
    return isJson()
        ? r.toJson().getBytes(StandardCharsets.UTF_8)
        : serializer.encode(PythonJson.read("result record", r.toJson()));
  }

  /**
   * The JSON text of a stored value or reply body; {@code contentType} null means sniff it.
   *
   * @throws ProtocolException for a format not accepted or bytes that are not it
   */
  public String toJsonText(String contentType, byte[] raw) {
    String type = contentType != null ? contentType : sniff(raw).contentType();
    Content c = Content.ofContentType(type).orElse(Content.JSON);
    JsonNode tree = accept.decode("result record", type, c.contentEncoding(), raw);
    return c == Content.JSON ? new String(raw, StandardCharsets.UTF_8) : PythonJson.write(tree);
  }

  /** A stored record in any accepted format. */
  public ResultRecord decode(byte[] raw) {
    return ResultRecord.fromJson(toJsonText(null, raw));
  }

  private static Content sniff(byte[] raw) {
    if (raw.length == 0) {
      return Content.JSON;
    }
    int b = raw[0] & 0xff;
    if ((b >= 0x80 && b <= 0x8f) || b == 0xde || b == 0xdf) {
      return Content.MSGPACK;
    }
    for (byte x : raw) {
      if (!Character.isWhitespace(x)) {
        return x == '{' ? Content.JSON : Content.YAML;
      }
    }
    return Content.JSON;
  }
}
