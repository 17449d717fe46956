package io.fennel.protocol.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.repr.PythonDumps;
import io.fennel.protocol.state.TaskState;
import io.fennel.protocol.task.HeaderValues;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A task's result record as the Redis result backend stores it under {@code celery-task-meta-<id>};
 * unknown keys (newer Celery, {@code result_extended}) are kept in order in {@code extra}. {@code
 * result} and {@code children} are never Java null (JSON null instead).
 *
 * <p>{@code status} is the state's name exactly as it travels (so a custom state a Python task sets
 * with {@code update_state(state='PROGRESS')} survives a round trip byte for byte); {@link
 * #state()} is the same status as a {@link TaskState} when it is one of Celery's, and {@link #of}
 * builds a record from a {@link TaskState}.
 */
public record ResultRecord(
    String status,
    JsonNode result,
    String traceback,
    JsonNode children,
    String dateDone,
    String groupId,
    String parentId,
    String taskId,
    Map<String, JsonNode> extra) {

  private static final Set<String> KNOWN =
      Set.of(
          "status",
          "result",
          "traceback",
          "children",
          "date_done",
          "group_id",
          "parent_id",
          "task_id");
  private static final Set<TaskState> EXCEPTION_STATES =
      Set.of(TaskState.FAILURE, TaskState.REVOKED, TaskState.RETRY);

  public ResultRecord {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(taskId, "taskId");
    result = result == null ? NullNode.getInstance() : result;
    children = children == null ? NullNode.getInstance() : children;
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * A record in one of Celery's states; {@code dateDone} is null until the task is ready, {@code
   * children} null for Celery's empty list.
   */
  public static ResultRecord of(
      TaskState state,
      JsonNode result,
      String traceback,
      JsonNode children,
      String dateDone,
      String groupId,
      String parentId,
      String taskId) {
    return new ResultRecord(
        state.name(),
        result,
        traceback,
        children == null ? JsonNodeFactory.instance.arrayNode() : children,
        dateDone,
        groupId,
        parentId,
        taskId,
        Map.of());
  }

  /** The status as one of Celery's states; empty for a custom state (e.g. {@code PROGRESS}). */
  public Optional<TaskState> state() {
    return TaskState.fromWire(status).filter(s -> s.name().equals(status));
  }

  /** Whether the record is final: SUCCESS, FAILURE, REVOKED or REJECTED (never a custom state). */
  public boolean ready() {
    return state().map(TaskState::ready).orElse(false);
  }

  /**
   * The failure carried by a FAILURE, REVOKED or RETRY record whose result is an exception dict.
   */
  public Optional<ExceptionInfo> exception() {
    if (!state().map(EXCEPTION_STATES::contains).orElse(false)
        || !result.isObject()
        || !result.has("exc_type")) {
      return Optional.empty();
    }
    return Optional.of(ExceptionInfo.fromJson("result", result));
  }

  /**
   * The JSON text Celery writes: keys status, result, traceback, children, date_done, [group_id],
   * [parent_id], task_id, then extras, with Python's separators.
   */
  public String toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("status", status);
    o.set("result", result);
    o.put("traceback", traceback);
    o.set("children", children);
    o.put("date_done", dateDone);
    if (groupId != null) {
      o.put("group_id", groupId);
    }
    if (parentId != null) {
      o.put("parent_id", parentId);
    }
    o.put("task_id", taskId);
    extra.forEach(o::set);
    return PythonDumps.dumps(o);
  }

  /**
   * Reads a stored record as Python Celery does: {@code status} and {@code task_id} must be strings
   * (a {@link ProtocolException} names the key); other keys of another type, as celery-node writes
   * them ({@code "traceback": 42}), are kept as their JSON text, and {@link ResultNotes} says what
   * could not be interpreted.
   */
  public static ResultRecord fromJson(String json) {
    JsonNode node = PythonJson.read("result record", json);
    if (!node.isObject()) {
      throw new ProtocolException(
          "result record", "is " + HeaderValues.describe(node) + "; expected a JSON object");
    }
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!KNOWN.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue());
      }
    }
    String status = string(node, "status", true);
    return new ResultRecord(
        status,
        node.get("result"),
        ResultNotes.text(node, "traceback"),
        node.get("children"),
        ResultNotes.text(node, "date_done"),
        ResultNotes.text(node, "group_id"),
        ResultNotes.text(node, "parent_id"),
        string(node, "task_id", true),
        extra);
  }

  /** Celery's {@code date_done}: naive UTC ISO-8601 with microseconds, no offset. */
  public static String formatDateDone(Instant when) {
    LocalDateTime t = LocalDateTime.ofInstant(when, ZoneOffset.UTC);
    String base =
        String.format(
            "%04d-%02d-%02dT%02d:%02d:%02d",
            t.getYear(),
            t.getMonthValue(),
            t.getDayOfMonth(),
            t.getHour(),
            t.getMinute(),
            t.getSecond());
    int micros = t.getNano() / 1000;
    return micros == 0 ? base : base + String.format(".%06d", micros);
  }

  private static String string(JsonNode node, String key, boolean required) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw new ProtocolException(key, "is missing; a result record needs '" + key + "'");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new ProtocolException(
          key,
          "is " + HeaderValues.describe(v) + "; expected a string" + (required ? "" : " or null"));
    }
    return v.textValue();
  }
}
