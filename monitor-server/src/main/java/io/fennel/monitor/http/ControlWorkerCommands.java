package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.agent.control.Control;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The console's commands sent through the worker agent's {@link Control} client: each waits (up to
 * a timeout) for the workers' replies and returns them as {@code {"<node>": reply}}, so the REST
 * API answers with what the worker said, as Flower does.
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

  private JsonNode call(String method, ObjectNode args, String worker) {
    Map<String, JsonNode> replies =
        control.call(method, args, to(worker), timeout, worker == null ? null : 1);
    ObjectNode out = JSON.objectNode();
    replies.forEach(out::set);
    return out;
  }

  @Override
  public JsonNode revoke(String taskId, boolean terminate, String signal) {
    ObjectNode a = JSON.objectNode();
    a.put("task_id", taskId).put("terminate", terminate).put("signal", signal);
    return call("revoke", a, null);
  }

  @Override
  public JsonNode rateLimit(String worker, String taskName, String rate) {
    return call(
        "rate_limit", JSON.objectNode().put("task_name", taskName).put("rate_limit", rate), worker);
  }

  @Override
  public JsonNode timeLimit(String worker, String taskName, Double soft, Double hard) {
    ObjectNode a = JSON.objectNode().put("task_name", taskName);
    if (soft == null) {
      a.putNull("soft");
    } else {
      a.put("soft", soft);
    }
    if (hard == null) {
      a.putNull("hard");
    } else {
      a.put("hard", hard);
    }
    return call("time_limit", a, worker);
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
    return call("pool_grow", JSON.objectNode().put("n", n), worker);
  }

  @Override
  public JsonNode poolShrink(String worker, int n) {
    return call("pool_shrink", JSON.objectNode().put("n", n), worker);
  }

  @Override
  public JsonNode autoscale(String worker, int max, int min) {
    return call("autoscale", JSON.objectNode().put("max", max).put("min", min), worker);
  }

  @Override
  public JsonNode addConsumer(String worker, String queue) {
    ObjectNode a = JSON.objectNode().put("queue", queue);
    a.putNull("exchange");
    a.put("exchange_type", "direct");
    a.putNull("routing_key");
    return call("add_consumer", a, worker);
  }

  @Override
  public JsonNode cancelConsumer(String worker, String queue) {
    return call("cancel_consumer", JSON.objectNode().put("queue", queue), worker);
  }

  @Override
  public JsonNode heartbeat() {
    control.control("heartbeat", JSON.objectNode(), null, timeout, false);
    return JSON.objectNode().put("message", "heartbeat requested");
  }

  /**
   * Any inspect method: for one worker its own reply, or {@code {"error": ...}} when it did not
   * answer in time; for every worker ({@code worker} null) the replies by node.
   */
  @Override
  public JsonNode inspect(String worker, String method, ObjectNode args) {
    JsonNode replies = call(method, args == null ? JSON.objectNode() : args, worker);
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
