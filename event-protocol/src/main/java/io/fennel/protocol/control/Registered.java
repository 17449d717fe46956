package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code registered}: the task names a worker knows, each followed by the {@code taskinfoitems}
 * that are set ({@code demo.add [rate_limit=10/s]}).
 *
 * @param taskInfoItems task attributes to show, e.g. {@code rate_limit}; empty for none
 */
public record Registered(List<String> taskInfoItems) implements Query {
  /** The method on the wire. */
  public static final String METHOD = "registered";

  static final String TASKINFOITEMS = "taskinfoitems";

  public Registered {
    taskInfoItems = taskInfoItems == null ? List.of() : List.copyOf(taskInfoItems);
  }

  static Registered read(Arguments a) {
    return new Registered(a.optIds(TASKINFOITEMS, "a task attribute such as rate_limit"));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode items = o.putArray(TASKINFOITEMS);
    taskInfoItems.forEach(items::add);
    return o;
  }
}
