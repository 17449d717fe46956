package io.fennel.protocol.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.repr.PythonDumps;
import io.fennel.protocol.task.HeaderValues;

/**
 * A value of the {@code unacked} hash (field = delivery tag): {@code [envelope, exchange,
 * routing_key]}, so an unacknowledged message can be restored to its queue.
 */
public record UnackedEntry(RedisEnvelope envelope, String exchange, String routingKey) {

  /** Reads the hash value. */
  public static UnackedEntry decode(String json) {
    JsonNode node = PythonJson.read("unacked", json);
    if (!node.isArray() || node.size() != 3) {
      throw new ProtocolException(
          "unacked",
          "is " + HeaderValues.describe(node) + "; expected [envelope, exchange, routing_key]");
    }
    for (int i = 1; i < 3; i++) {
      if (!node.get(i).isTextual()) {
        throw new ProtocolException(
            "unacked[" + i + "]",
            "is " + HeaderValues.describe(node.get(i)) + "; expected a string");
      }
    }
    return new UnackedEntry(
        RedisEnvelope.decode(node.get(0).toString()),
        node.get(1).textValue(),
        node.get(2).textValue());
  }

  /** The hash value text, as kombu writes it. */
  public String encode() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    a.add(envelope.toJson());
    a.add(exchange);
    a.add(routingKey);
    return PythonDumps.dumps(a);
  }
}
