package io.fennel.core.producer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One task to send in a batch ({@link TaskProducer#sendAll}, {@code Fennel.sendAll}): its name,
 * arguments and options.
 */
public record TaskCall(String name, ArrayNode args, ObjectNode kwargs, SendOptions options) {
  public TaskCall {
    Objects.requireNonNull(name, "task name must not be null; pass e.g. \"tasks.add\"");
    args = args == null ? PythonJson.MAPPER.createArrayNode() : args;
    kwargs = kwargs == null ? PythonJson.MAPPER.createObjectNode() : kwargs;
    options = options == null ? SendOptions.NONE : options;
  }

  /** A call with plain Java arguments, converted to JSON as {@code delay()} does. */
  public static TaskCall of(String name, List<?> args, Map<String, ?> kwargs, SendOptions o) {
    return new TaskCall(name, Arguments.args(args), Arguments.kwargs(kwargs), o);
  }

  /** A call with positional arguments only and default options. */
  public static TaskCall of(String name, Object... args) {
    return of(name, java.util.Arrays.asList(args), Map.of(), null);
  }
}
