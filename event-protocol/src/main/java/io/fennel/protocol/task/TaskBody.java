package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;

/** The body of a protocol v2 task message: {@code [args, kwargs, embed]}. */
public record TaskBody(ArrayNode args, ObjectNode kwargs, Embed embed) {

  public TaskBody {
    args = args == null ? JsonNodeFactory.instance.arrayNode() : args;
    kwargs = kwargs == null ? JsonNodeFactory.instance.objectNode() : kwargs;
    embed = embed == null ? Embed.NONE : embed;
  }

  /** A body with positional arguments only and nothing embedded. */
  public static TaskBody ofArgs(ArrayNode args) {
    return new TaskBody(args, null, Embed.NONE);
  }

  /** The body as a JSON list {@code [args, kwargs, embed]}. */
  public ArrayNode toJson() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    a.add(args);
    a.add(kwargs);
    a.add(embed.toJson());
    return a;
  }

  /** Reads {@code [args, kwargs, embed]}; errors name {@code body.args} and so on. */
  public static TaskBody fromJson(JsonNode node) {
    if (node == null || !node.isArray()) {
      throw new ProtocolException(
          "body",
          "is "
              + HeaderValues.describe(node)
              + "; expected a JSON list [args, kwargs, embed] (Celery protocol v2)");
    }
    if (node.size() != 3) {
      throw new ProtocolException(
          "body",
          "is a list of "
              + node.size()
              + " elements "
              + HeaderValues.describe(node)
              + "; expected exactly 3: [args, kwargs, embed]");
    }
    JsonNode args = node.get(0);
    if (!args.isArray()) {
      throw new ProtocolException(
          "body.args", "is " + HeaderValues.describe(args) + "; expected a list (body[0])");
    }
    JsonNode kwargs = node.get(1);
    if (!kwargs.isObject()) {
      throw new ProtocolException(
          "body.kwargs", "is " + HeaderValues.describe(kwargs) + "; expected an object (body[1])");
    }
    return new TaskBody(
        (ArrayNode) args, (ObjectNode) kwargs, Embed.fromJson("body.embed", node.get(2)));
  }
}
