package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A canvas signature as it travels in a task body ({@code link}, {@code link_error}, chain steps,
 * chord callback): {@code {"task", "args", "kwargs", "options", "subtask_type", "immutable"}};
 * other keys ({@code chord_size}, newer fields) are kept in {@code extra}, in order, and written
 * back after the known ones. A canvas signature ({@code subtask_type} chain, group, chord, chunks,
 * xmap, xstarmap) is checked down to its parts when read, so a bad nested step is refused with the
 * message, not after the task ran.
 */
public record Signature(
    String task,
    JsonNode args,
    JsonNode kwargs,
    ObjectNode options,
    String subtaskType,
    boolean immutable,
    Map<String, JsonNode> extra)
    implements AsSignature {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> KNOWN =
      Set.of("task", "args", "kwargs", "options", "subtask_type", "immutable");

  public Signature {
    Objects.requireNonNull(task, "task");
    args = args == null ? JSON.arrayNode() : args;
    kwargs = kwargs == null ? JSON.objectNode() : kwargs;
    options = options == null ? JSON.objectNode() : options;
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** A plain signature {@code task.s(*args)} with no options. */
  public static Signature of(String task, JsonNode args) {
    return new Signature(task, args, null, null, null, false, null);
  }

  @Override
  public Signature signature() {
    return this;
  }

  /** What this signature stands for. */
  public SubtaskType type() {
    return SubtaskType.fromWire("subtask_type", subtaskType);
  }

  /** The pre-assigned id ({@code options.task_id}), or null. */
  public String taskId() {
    JsonNode id = options.get("task_id");
    return id == null || !id.isTextual() ? null : id.textValue();
  }

  /** {@code chord_size} when the sender wrote one, else null. */
  public Integer chordSize() {
    JsonNode n = extra.get("chord_size");
    return n == null || !n.canConvertToInt() ? null : n.intValue();
  }

  /** This signature with other options (args, kwargs and the rest unchanged). */
  public Signature withOptions(ObjectNode newOptions) {
    return new Signature(task, args, kwargs, newOptions, subtaskType, immutable, extra);
  }

  /** This signature with other positional and keyword arguments. */
  public Signature withArgs(JsonNode newArgs, JsonNode newKwargs) {
    return new Signature(task, newArgs, newKwargs, options, subtaskType, immutable, extra);
  }

  /** The signature as the JSON dict Celery writes. */
  public JsonNode toJson() {
    ObjectNode o = JSON.objectNode();
    o.put("task", task);
    o.set("args", args);
    o.set("kwargs", kwargs);
    o.set("options", options);
    o.put("subtask_type", subtaskType);
    o.put("immutable", immutable);
    extra.forEach(o::set);
    return o;
  }

  /**
   * Reads a signature dict; {@code field} names it in errors (e.g. {@code body.embed.chain[0]}).
   */
  public static Signature fromJson(String field, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ProtocolException(
          field, "is " + HeaderValues.describe(node) + "; expected a signature dict");
    }
    JsonNode task = node.get("task");
    if (task == null || !task.isTextual()) {
      throw new ProtocolException(
          field + ".task", "is " + HeaderValues.describe(task) + "; expected the task name");
    }
    JsonNode args = node.get("args");
    if (args != null && !args.isArray() && !args.isNull()) {
      throw new ProtocolException(
          field + ".args", "is " + HeaderValues.describe(args) + "; expected a list");
    }
    JsonNode kwargs = node.get("kwargs");
    if (kwargs != null && !kwargs.isObject() && !kwargs.isNull()) {
      throw new ProtocolException(
          field + ".kwargs", "is " + HeaderValues.describe(kwargs) + "; expected an object");
    }
    JsonNode options = node.get("options");
    if (options != null && !options.isObject() && !options.isNull()) {
      throw new ProtocolException(
          field + ".options", "is " + HeaderValues.describe(options) + "; expected an object");
    }
    JsonNode subtaskType = node.get("subtask_type");
    if (subtaskType != null && !subtaskType.isTextual() && !subtaskType.isNull()) {
      throw new ProtocolException(
          field + ".subtask_type",
          "is " + HeaderValues.describe(subtaskType) + "; expected a string or null");
    }
    JsonNode immutable = node.get("immutable");
    if (immutable != null && !immutable.isBoolean() && !immutable.isNull()) {
      throw new ProtocolException(
          field + ".immutable", "is " + HeaderValues.describe(immutable) + "; expected a boolean");
    }
    SubtaskType type =
        SubtaskType.fromWire(
            field + ".subtask_type", subtaskType == null ? null : subtaskType.asText(null));
    checkParts(field, type, kwargs);
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!KNOWN.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue());
      }
    }
    return new Signature(
        task.textValue(),
        args == null || args.isNull() ? null : args,
        kwargs == null || kwargs.isNull() ? null : kwargs,
        options == null || options.isNull() ? null : (ObjectNode) options,
        subtaskType == null ? null : subtaskType.textValue(),
        immutable != null && immutable.booleanValue(),
        extra);
  }

  private static void checkParts(String field, SubtaskType type, JsonNode kwargs) {
    String at = field + ".kwargs";
    switch (type) {
      case TASK -> {}
      case CHAIN, GROUP -> {
        JsonNode tasks = kwargs == null ? null : kwargs.get("tasks");
        if (tasks == null || !tasks.isArray()) {
          throw new ProtocolException(
              at + ".tasks",
              "is "
                  + HeaderValues.describe(tasks)
                  + "; a "
                  + type.wire()
                  + " needs a list of signatures");
        }
        for (int i = 0; i < tasks.size(); i++) {
          fromJson(at + ".tasks[" + i + "]", tasks.get(i));
        }
      }
      case CHORD -> {
        JsonNode header = kwargs == null ? null : kwargs.get("header");
        if (header != null && header.isArray()) {
          for (int i = 0; i < header.size(); i++) {
            fromJson(at + ".header[" + i + "]", header.get(i));
          }
        } else {
          fromJson(at + ".header", header);
        }
        fromJson(at + ".body", kwargs.get("body"));
      }
      case CHUNKS, XMAP, XSTARMAP -> {
        fromJson(at + ".task", kwargs == null ? null : kwargs.get("task"));
        JsonNode it = kwargs.get("it");
        if (it == null || !it.isArray()) {
          throw new ProtocolException(
              at + ".it", "is " + HeaderValues.describe(it) + "; expected the list of items");
        }
      }
    }
  }
}
