package io.fennel.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.canvas.Canvas;
import io.fennel.core.canvas.TaskSignature;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.Signature;
import java.util.List;
import java.util.Map;

/** A task by name, ready to send: {@code app.task("demo.add").delay(2, 3)}. */
public final class TaskRef {
  private final Fennel app;
  private final String name;

  TaskRef(Fennel app, String name) {
    this.app = app;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Sends the task now with positional arguments. */
  public AsyncResult delay(Object... args) {
    return applyAsync(List.of(args), Map.of(), SendOptions.NONE);
  }

  /** Sends the task with arguments, keyword arguments and options. */
  public AsyncResult applyAsync(List<?> args, Map<String, ?> kwargs, SendOptions options) {
    return app.sendTask(name, args, kwargs, options);
  }

  /** A signature of this task, for {@code link} and {@code linkError}. */
  public Signature signature(List<?> args, Map<String, ?> kwargs, boolean immutable) {
    ArrayNode a = PythonJson.MAPPER.valueToTree(args);
    ObjectNode k = PythonJson.MAPPER.valueToTree(kwargs);
    return new Signature(
        name, a, k, PythonJson.MAPPER.createObjectNode(), null, immutable, Map.of());
  }

  /** {@code task.s(args...)}: a signature that takes the parent's result as first argument. */
  public TaskSignature s(Object... args) {
    return new TaskSignature(signature(List.of(args), Map.of(), false), canvas());
  }

  /** {@code task.si(args...)}: an immutable signature. */
  public TaskSignature si(Object... args) {
    return new TaskSignature(signature(List.of(args), Map.of(), true), canvas());
  }

  /** Sends workflows built from this app's signatures (docs/WORKFLOWS.md). */
  public Canvas canvas() {
    Connections c = app.connections();
    return new Canvas(c::producer, () -> c.backend().orElse(null), app::revoke);
  }
}
