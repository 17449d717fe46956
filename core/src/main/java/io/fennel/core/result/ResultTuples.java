package io.fennel.core.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Celery's tuple form of results, used in a record's {@code children} and a saved group: a task is
 * {@code [[id, parent], null]}, a group {@code [[id, parent], [member, ...]]}, parent being the
 * same form or null.
 */
public final class ResultTuples {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ResultTuples() {}

  /** The tuple of an id with its parent's tuple (or null) and, for a group, its members. */
  public static ArrayNode tuple(String id, JsonNode parent, List<JsonNode> members) {
    ArrayNode head = JSON.arrayNode().add(id);
    head.add(parent == null ? JSON.nullNode() : parent);
    ArrayNode t = JSON.arrayNode().add(head);
    if (members == null) {
      t.addNull();
    } else {
      ArrayNode m = JSON.arrayNode();
      members.forEach(m::add);
      t.add(m);
    }
    return t;
  }

  /** Reads a tuple back into handles on {@code backend}; {@code field} names it in errors. */
  public static TaskResult read(
      String field, JsonNode t, ResultBackend backend, AsyncResult.Revoker revoker) {
    if (t == null || !t.isArray() || t.size() != 2 || !t.get(0).isArray() || t.get(0).size() < 1) {
      throw new ProtocolException(field, "is " + t + "; expected [[id, parent], members or null]");
    }
    String id = t.get(0).get(0).asText();
    JsonNode p = t.get(0).size() > 1 ? t.get(0).get(1) : null;
    TaskResult parent =
        p == null || p.isNull() ? null : read(field + "[0][1]", p, backend, revoker);
    JsonNode members = t.get(1);
    if (members == null || members.isNull()) {
      return new AsyncResult(id, backend, revoker, parent);
    }
    List<TaskResult> list = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      list.add(read(field + "[1][" + i + "]", members.get(i), backend, revoker));
    }
    return new GroupResult(id, list, backend, revoker, parent);
  }
}
