package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.task.TaskCall;
import io.fennel.core.task.TaskDefinition;
import io.fennel.core.task.TaskOptions;
import io.fennel.core.task.TaskRegistry;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.Signature;

/**
 * Celery's built-in canvas tasks a Fennel worker runs too: {@code celery.map} (a task over each
 * item) and {@code celery.starmap} (over each argument list), both in the worker's own process, so
 * {@code task.map(...)}, {@code task.starmap(...)} and chunks sent by Python run here.
 */
public final class Builtins {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Builtins() {}

  /** Registers {@code celery.map} and {@code celery.starmap} on {@code registry}. */
  public static void register(TaskRegistry registry) {
    registry.register(
        new TaskDefinition("celery.map", call -> run(registry, call, false), TaskOptions.DEFAULTS));
    registry.register(
        new TaskDefinition(
            "celery.starmap", call -> run(registry, call, true), TaskOptions.DEFAULTS));
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
