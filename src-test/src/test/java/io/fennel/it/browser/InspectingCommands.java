package io.fennel.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.agent.control.Control;
import io.fennel.core.Fennel;
import io.fennel.monitor.http.BroadcastWorkerCommands;
import io.fennel.monitor.http.WorkerCommands;
import java.time.Duration;
import java.util.List;

/**
 * Casts like {@link BroadcastWorkerCommands}, and answers {@link #inspect} with the agent's {@link
 * Control} client, so worker pages show real inspect replies in these tests.
 */
final class InspectingCommands implements WorkerCommands {
  private final BroadcastWorkerCommands casts;
  private final Control control;

  InspectingCommands(Fennel app) {
    this.casts = new BroadcastWorkerCommands(() -> app);
    this.control = new Control(app);
  }

  @Override
  public JsonNode inspect(String worker, String method, ObjectNode args) {
    JsonNode reply =
        control
            .inspect()
            .destination(List.of(worker))
            .timeout(Duration.ofSeconds(2))
            .inspect(method, args)
            .get(worker);
    return reply != null
        ? reply
        : JsonNodeFactory.instance.objectNode().put("error", "no reply from " + worker);
  }

  @Override
  public JsonNode revoke(String taskId, boolean terminate, String signal) {
    return casts.revoke(taskId, terminate, signal);
  }

  @Override
  public JsonNode rateLimit(String worker, String taskName, String rate) {
    return casts.rateLimit(worker, taskName, rate);
  }

  @Override
  public JsonNode timeLimit(String worker, String taskName, Double soft, Double hard) {
    return casts.timeLimit(worker, taskName, soft, hard);
  }

  @Override
  public JsonNode shutdown(String worker) {
    return casts.shutdown(worker);
  }

  @Override
  public JsonNode poolGrow(String worker, int n) {
    return casts.poolGrow(worker, n);
  }

  @Override
  public JsonNode poolShrink(String worker, int n) {
    return casts.poolShrink(worker, n);
  }

  @Override
  public JsonNode autoscale(String worker, int max, int min) {
    return casts.autoscale(worker, max, min);
  }

  @Override
  public JsonNode addConsumer(String worker, String queue) {
    return casts.addConsumer(worker, queue);
  }

  @Override
  public JsonNode cancelConsumer(String worker, String queue) {
    return casts.cancelConsumer(worker, queue);
  }

  @Override
  public JsonNode heartbeat() {
    return casts.heartbeat();
  }
}
