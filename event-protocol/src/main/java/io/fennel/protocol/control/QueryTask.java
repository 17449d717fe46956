package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code query_task}: where each of these tasks is on a worker, {@code {id: [state, request]}}
 * ({@code ids} one id or a list).
 *
 * @param ids the task ids
 */
public record QueryTask(List<String> ids) implements Query {
  /** The method on the wire. */
  public static final String METHOD = "query_task";

  static final String IDS = "ids";

  public QueryTask {
    ids = ids == null ? List.of() : List.copyOf(ids);
  }

  static QueryTask read(Arguments a) {
    return new QueryTask(a.optIds(IDS, "a task id"));
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public ObjectNode toArguments() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode array = o.putArray(IDS);
    ids.forEach(array::add);
    return o;
  }
}
