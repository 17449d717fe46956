package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.GroupResult;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.AsSignature;
import io.fennel.protocol.task.Signature;
import java.util.List;

/**
 * One task's signature from {@code app.task(name).s(args...)} or {@code .si(args...)}, bound to its
 * app so a workflow built from it can be sent: options are set Celery's way ({@code .set("queue",
 * "q")}, {@code .link(...)}, {@code .linkError(...)}), and {@code map}, {@code starmap} and {@code
 * chunks} apply it over many items.
 */
public final class TaskSignature implements AsSignature {
  private final Signature signature;
  private final Canvas canvas;

  /**
   * @param canvas the app's canvas, null for a signature that is only linked or nested
   */
  public TaskSignature(Signature signature, Canvas canvas) {
    this.signature = signature;
    this.canvas = canvas;
  }

  @Override
  public Signature signature() {
    return signature;
  }

  Canvas canvas() {
    return canvas;
  }

  /** The task's name. */
  public String name() {
    return signature.task();
  }

  /**
   * This signature with one more option ({@code queue}, {@code countdown}, {@code priority}...).
   */
  public TaskSignature set(String option, Object value) {
    ObjectNode o = signature.options().deepCopy();
    o.set(option, PythonJson.MAPPER.valueToTree(value));
    return new TaskSignature(signature.withOptions(o), canvas);
  }

  /** Sends this task to {@code queue}. */
  public TaskSignature queue(String queue) {
    return set("queue", queue);
  }

  /** Also runs {@code callback} with this task's result when it succeeds. */
  public TaskSignature link(AsSignature callback) {
    return append("link", callback);
  }

  /** Runs {@code errback} with this task's id when it fails. */
  public TaskSignature linkError(AsSignature errback) {
    return append("link_error", errback);
  }

  private TaskSignature append(String key, AsSignature s) {
    ObjectNode o = signature.options().deepCopy();
    ArrayNode list = o.has(key) && o.get(key).isArray() ? (ArrayNode) o.get(key) : o.putArray(key);
    list.add(s.signature().toJson());
    return new TaskSignature(signature.withOptions(o), canvas);
  }

  /** {@code celery.map}: this task over each item, in one task, returning the list. */
  public TaskSignature map(List<?> items) {
    return new TaskSignature(Shapes.map(signature, Canvas.items(items), false), canvas);
  }

  /** {@code celery.starmap}: this task over each argument list, in one task. */
  public TaskSignature starmap(List<? extends List<?>> argumentLists) {
    return new TaskSignature(Shapes.map(signature, Canvas.items(argumentLists), true), canvas);
  }

  /** A group of starmaps of {@code n} argument lists each (Celery's {@code chunks}). */
  public Group chunks(List<? extends List<?>> argumentLists, int n) {
    if (n < 1) {
      throw new CanvasException("chunks need at least 1 item per chunk, was " + n);
    }
    Signature g = Shapes.chunksAsGroup(Shapes.chunks(signature, Canvas.items(argumentLists), n));
    return new Group(Shapes.tasks(g).stream().map(s -> new TaskSignature(s, canvas)).toList());
  }

  /** Sends the task now (its args as given to {@code s(...)}). */
  public AsyncResult applyAsync() {
    return (AsyncResult) Canvas.require(canvas, "signature").send(this);
  }

  /** Sends the task with more positional arguments before its own. */
  public AsyncResult delay(Object... args) {
    ArrayNode a = PythonJson.MAPPER.valueToTree(List.of(args));
    if (signature.args().isArray()) {
      a.addAll((ArrayNode) signature.args());
    }
    JsonNode kwargs = signature.kwargs();
    return new TaskSignature(signature.withArgs(a, kwargs), canvas).applyAsync();
  }

  /** Restores a saved group with this signature's app. */
  public java.util.Optional<GroupResult> restoreGroup(String groupId) {
    return Canvas.require(canvas, "signature").restoreGroup(groupId);
  }

  @Override
  public String toString() {
    return signature.task() + signature.args();
  }
}
