package io.fennel.protocol.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.task.HeaderValues;

/**
 * A task failure as Celery stores it in a result: {@code {"exc_type", "exc_message", "exc_module"}}
 * where {@code exc_message} is the exception's args (a list, e.g. {@code ["boom"]}).
 */
public record ExceptionInfo(String excType, JsonNode excMessage, String excModule) {

  /** The stored dict, keys in Celery's order. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("exc_type", excType);
    o.set("exc_message", excMessage == null ? JsonNodeFactory.instance.nullNode() : excMessage);
    o.put("exc_module", excModule);
    return o;
  }

  /** Reads an exception dict at {@code field}. */
  public static ExceptionInfo fromJson(String field, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ProtocolException(
          field, "is " + HeaderValues.describe(node) + "; expected an exception dict");
    }
    JsonNode type = node.get("exc_type");
    if (type == null || !type.isTextual()) {
      throw new ProtocolException(
          field + ".exc_type", "is " + HeaderValues.describe(type) + "; expected a string");
    }
    JsonNode module = node.get("exc_module");
    if (module != null && !module.isNull() && !module.isTextual()) {
      throw new ProtocolException(
          field + ".exc_module", "is " + HeaderValues.describe(module) + "; expected a string");
    }
    return new ExceptionInfo(
        type.textValue(), node.get("exc_message"), module == null ? null : module.textValue());
  }
}
