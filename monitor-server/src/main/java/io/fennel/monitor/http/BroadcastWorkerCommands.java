package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.Fennel;
import io.fennel.protocol.control.ControlRequest;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link WorkerCommands} as Celery casts on {@code celery.pidbox} through {@link Fennel#broadcast}:
 * fire and forget, so each call answers {@code {"sent": "<method>", "to": ...}} instead of the
 * workers' replies. Argument names are Celery's.
 */
public final class BroadcastWorkerCommands implements WorkerCommands {
  private final Supplier<Fennel> app;

  /** Commands sent through the broker of the app {@code app} gives (asked on each command). */
  public BroadcastWorkerCommands(Supplier<Fennel> app) {
    this.app = app;
  }

  private JsonNode cast(String method, ObjectNode args, String worker) {
    ControlRequest r = ControlRequest.cast(method, args);
    if (worker != null) {
      r = r.withDestination(List.of(worker));
    }
    app.get().broadcast(r);
    ObjectNode o = ApiJson.MAPPER.createObjectNode();
    o.put("sent", method);
    o.put("to", worker == null ? "all workers" : worker);
    o.put("message", "sent " + method + " (no reply awaited)");
    return o;
  }

  private static ObjectNode args() {
    return ApiJson.MAPPER.createObjectNode();
  }

  @Override
  public JsonNode revoke(String taskId, boolean terminate, String signal) {
    return cast(
        "revoke",
        args()
            .put("task_id", taskId)
            .put("terminate", terminate)
            .put("signal", signal == null ? "SIGTERM" : signal),
        null);
  }

  @Override
  public JsonNode rateLimit(String worker, String taskName, String rate) {
    return cast("rate_limit", args().put("task_name", taskName).put("rate_limit", rate), worker);
  }

  @Override
  public JsonNode timeLimit(String worker, String taskName, Double soft, Double hard) {
    return cast(
        "time_limit",
        args().put("task_name", taskName).put("soft", soft).put("hard", hard),
        worker);
  }

  @Override
  public JsonNode shutdown(String worker) {
    return cast("shutdown", args(), worker);
  }

  @Override
  public JsonNode poolGrow(String worker, int n) {
    return cast("pool_grow", args().put("n", n), worker);
  }

  @Override
  public JsonNode poolShrink(String worker, int n) {
    return cast("pool_shrink", args().put("n", n), worker);
  }

  @Override
  public JsonNode autoscale(String worker, int max, int min) {
    return cast("autoscale", args().put("max", max).put("min", min), worker);
  }

  @Override
  public JsonNode addConsumer(String worker, String queue) {
    return cast(
        "add_consumer",
        args()
            .put("queue", queue)
            .putNull("exchange")
            .put("exchange_type", "direct")
            .putNull("routing_key"),
        worker);
  }

  @Override
  public JsonNode cancelConsumer(String worker, String queue) {
    return cast("cancel_consumer", args().put("queue", queue), worker);
  }

  /** Casts get no replies, so this answers {@code {"unsupported": "..."}}. */
  @Override
  public JsonNode inspect(String worker, String method, ObjectNode args) {
    ObjectNode o = ApiJson.MAPPER.createObjectNode();
    o.put(
        UNSUPPORTED,
        "inspect "
            + method
            + " needs the workers' replies, which this console's broadcast commands do not wait"
            + " for");
    return o;
  }

  @Override
  public JsonNode heartbeat() {
    return cast("heartbeat", args(), null);
  }
}
