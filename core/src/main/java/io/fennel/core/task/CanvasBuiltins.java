package io.fennel.core.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.Signature;

/**
 * Celery's built-in canvas tasks a Fennel worker runs too: {@code celery.map} (a task over each
 * item) and {@code celery.starmap} (over each argument list), both in the worker's own process, so
 * {@code task.map(...)}, {@code task.starmap(...)} and chunks sent by Python run here. The registry
 * falls back to them for those names; they are not listed among the app's tasks.
 */
final class CanvasBuiltins {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private CanvasBuiltins() {}

  /** {@code celery.map} or {@code celery.starmap} running tasks of {@code registry}, else null. */
  static TaskDefinition find(TaskRegistry registry, String name) {
    return switch (name) {
      case "celery.map" ->
          new TaskDefinition(name, call -> run(registry, call, false), TaskOptions.DEFAULTS);
      case "celery.starmap" ->
          new TaskDefinition(name, call -> run(registry, call, true), TaskOptions.DEFAULTS);
      default -> null;
    };
  }

  private static ArrayNode run(TaskRegistry registry, TaskCall call, boolean star)
      throws Exception {
    String name = star ? "celery.starmap" : "celery.map";
    JsonNode taskNode = call.kwargs().get("task");
    JsonNode it = call.kwargs().get("it");
    if (taskNode == null || it == null || !it.isArray()) {
      throw new IllegalArgumentException(
          name + " needs kwargs {task: <signature>, it: [items]}, was " + call.kwargs());
    }
    Signature sig = Signature.fromJson(name + ".kwargs.task", taskNode);
    TaskDefinition def =
        registry
            .find(sig.task())
            .orElseThrow(() ->
                new IllegalArgumentException(
                    name
                        + " runs "
                        + sig.task()
                        + " in this worker, which does not define it; register it here or"
                        + " send the map to a worker that does"));
    ArrayNode out = JSON.arrayNode();
    for (JsonNode item : it) {
      ArrayNode args = JSON.arrayNode();
      if (!sig.immutable()) {
        if (star && item.isArray()) {
          args.addAll((ArrayNode) item);
        } else {
          args.add(item);
        }
      }
      if (sig.args().isArray()) {
        args.addAll((ArrayNode) sig.args());
      }
      ObjectNode kwargs = sig.kwargs().isObject() ? (ObjectNode) sig.kwargs() : JSON.objectNode();
      Object value = def.handler().run(new TaskCall(args, kwargs, call.context()));
      out.add(PythonJson.MAPPER.<JsonNode>valueToTree(value));
    }
    return out;
  }
}
