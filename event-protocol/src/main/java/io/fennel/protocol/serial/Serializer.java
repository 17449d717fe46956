package io.fennel.protocol.serial;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a message body into a JSON tree and back in one of Celery's formats; the tree is what the
 * task and result codecs read, whatever the bytes were.
 */
public sealed interface Serializer
    permits JsonSerializer, MsgpackSerializer, YamlSerializer, AuthSerializer {

  /** The format written and read. */
  Content content();

  /** The body bytes for {@code value}. */
  byte[] encode(JsonNode value);

  /**
   * The tree of a body.
   *
   * @param field names the body in errors
   * @throws io.fennel.protocol.ProtocolException naming {@code field} when the bytes are not this
   *     format
   */
  JsonNode decode(String field, byte[] body);
}
