package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * The third element of a task body: callbacks ({@code link}), errbacks ({@code link_error}), the
 * remaining chain steps and the chord callback. A null list and an empty list are different on the
 * wire (the worker publishes a chain's next step with {@code "chain": []}) and both round-trip.
 * Keys other than these four are not kept.
 */
public record Embed(
    List<Signature> callbacks, List<Signature> errbacks, List<Signature> chain, Signature chord) {

  /** Nothing embedded: all four null. */
  public static final Embed NONE = new Embed(null, null, null, null);

  public Embed {
    callbacks = callbacks == null ? null : List.copyOf(callbacks);
    errbacks = errbacks == null ? null : List.copyOf(errbacks);
    chain = chain == null ? null : List.copyOf(chain);
  }

  /** The embed dict, keys in Celery's order: callbacks, errbacks, chain, chord. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("callbacks", list(callbacks));
    o.set("errbacks", list(errbacks));
    o.set("chain", list(chain));
    o.set("chord", chord == null ? JsonNodeFactory.instance.nullNode() : chord.toJson());
    return o;
  }

  /** Reads the embed dict at {@code field}; null or a missing key means null. */
  public static Embed fromJson(String field, JsonNode node) {
    if (node == null || node.isNull()) {
      return NONE;
    }
    if (!node.isObject()) {
      throw new ProtocolException(
          field,
          "is "
              + HeaderValues.describe(node)
              + "; expected an object {callbacks, errbacks, chain, chord}");
    }
    JsonNode chord = node.get("chord");
    return new Embed(
        signatures(field + ".callbacks", node.get("callbacks")),
        signatures(field + ".errbacks", node.get("errbacks")),
        signatures(field + ".chain", node.get("chain")),
        chord == null || chord.isNull() ? null : Signature.fromJson(field + ".chord", chord));
  }

  private static List<Signature> signatures(String field, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new ProtocolException(
          field, "is " + HeaderValues.describe(node) + "; expected a list of signatures or null");
    }
    List<Signature> list = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      list.add(Signature.fromJson(field + "[" + i + "]", node.get(i)));
    }
    return list;
  }

  private static JsonNode list(List<Signature> signatures) {
    if (signatures == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    signatures.forEach(s -> array.add(s.toJson()));
    return array;
  }
}
