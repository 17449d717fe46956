package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.agent.control.Control;
import io.fennel.monitor.api.ApiError;
import io.fennel.protocol.control.AddConsumer;
import io.fennel.protocol.control.Autoscale;
import io.fennel.protocol.control.CancelConsumer;
import io.fennel.protocol.control.Command;
import io.fennel.protocol.control.PoolGrow;
import io.fennel.protocol.control.PoolShrink;
import io.fennel.protocol.control.RateLimit;
import io.fennel.protocol.control.Revoke;
import io.fennel.protocol.control.Signal;
import io.fennel.protocol.control.TimeLimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The console's commands, each built as its typed {@link Command} and sent through the worker
 * agent's {@link Control} client: each waits (up to a timeout) for the workers' replies and returns
 * them as {@code {"<node>": reply}}, so the REST API answers with what the worker said, as Flower
 * does. A value no worker could take is refused before anything is sent, with a 400 naming it.
 */
public final class ControlWorkerCommands implements WorkerCommands {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Control control;
  private final Duration timeout;

  public ControlWorkerCommands(Control control, Duration timeout) {
    this.control = control;
    this.timeout = timeout;
  }

  private static List<String> to(String worker) {
    return worker == null ? null : List.of(worker);
  }

  private JsonNode call(Command command, String worker) {
    Map<String, JsonNode> replies =
        control.call(command, to(worker), timeout, worker == null ? null : 1);
    ObjectNode out = JSON.objectNode();
    replies.forEach(out::set);
    return out;
  }

  /**
   * Builds a command from what the API was given; a value no worker could take is a 400 naming it.
   */
  private static <T> T build(Supplier<T> command) {
    try {
      return command.get();
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  @Override
  public JsonNode revoke(String taskId, boolean terminate, String signal) {
    return call(
        build(() ->
            new Revoke(
                List.of(taskId),
                terminate,
                signal == null ? Signal.SIGTERM : Signal.parse(signal))),
        null);
  }

  @Override
  public JsonNode rateLimit(String worker, String taskName, String rate) {
    return call(build(() -> new RateLimit(taskName, rate)), worker);
  }

  @Override
  public JsonNode timeLimit(String worker, String taskName, Double soft, Double hard) {
    return call(build(() -> new TimeLimit(taskName, soft, hard)), worker);
  }

  @Override
  public JsonNode shutdown(String worker) {
    control.shutdown(to(worker));
    ObjectNode out = JSON.objectNode();
    out.put("message", "shutdown sent to " + (worker == null ? "every worker" : worker));
    return out;
  }

  @Override
  public JsonNode poolGrow(String worker, int n) {
    return call(build(() -> new PoolGrow(n)), worker);
  }

  @Override
  public JsonNode poolShrink(String worker, int n) {
    return call(build(() -> new PoolShrink(n)), worker);
  }

  @Override
  public JsonNode autoscale(String worker, int max, int min) {
    return call(build(() -> new Autoscale(max, min)), worker);
  }

  @Override
  public JsonNode addConsumer(String worker, String queue) {
    return call(build(() -> AddConsumer.of(queue)), worker);
  }

  @Override
  public JsonNode cancelConsumer(String worker, String queue) {
    return call(build(() -> new CancelConsumer(queue)), worker);
  }

  @Override
  public JsonNode heartbeat() {
    control.heartbeat(null);
    return JSON.objectNode().put("message", "heartbeat requested");
  }

  /**
   * Any inspect method: for one worker its own reply, or {@code {"error": ...}} when it did not
   * answer in time; for every worker ({@code worker} null) the replies by node.
   */
  @Override
  public JsonNode inspect(String worker, String method, ObjectNode args) {
    JsonNode replies = call(build(() -> Command.from(method, args)), worker);
    if (worker == null) {
      return replies;
    }
    JsonNode own = replies.get(worker);
    return own != null
        ? own
        : JSON.objectNode()
            .put(
                "error",
                "worker "
                    + worker
                    + " did not answer "
                    + method
                    + " within "
                    + timeout.toSeconds()
                    + " s");
  }
}
