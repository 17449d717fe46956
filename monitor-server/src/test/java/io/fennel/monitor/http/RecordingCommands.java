package io.fennel.monitor.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.monitor.api.ApiJson;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link WorkerCommands} that records each call and answers as a worker would. */
class RecordingCommands implements WorkerCommands {
  final List<String> calls = new CopyOnWriteArrayList<>();

  private JsonNode ok(String call) {
    calls.add(call);
    return ApiJson.MAPPER
        .createObjectNode()
        .set("wire@vm", ApiJson.MAPPER.createObjectNode().put("ok", call));
  }

  @Override
  public JsonNode revoke(String taskId, boolean terminate, String signal) {
    return ok("revoke " + taskId + " " + terminate + " " + signal);
  }

  @Override
  public JsonNode rateLimit(String worker, String taskName, String rate) {
    return ok("rate_limit " + worker + " " + taskName + " " + rate);
  }

  @Override
  public JsonNode timeLimit(String worker, String taskName, Double soft, Double hard) {
    return ok("time_limit " + worker + " " + taskName + " " + soft + " " + hard);
  }

  @Override
  public JsonNode inspect(
      String worker, String method, com.fasterxml.jackson.databind.node.ObjectNode args) {
    calls.add("inspect " + worker + " " + method);
    return ApiJson.MAPPER.createArrayNode();
  }

  @Override
  public JsonNode shutdown(String worker) {
    return ok("shutdown " + worker);
  }

  @Override
  public JsonNode poolGrow(String worker, int n) {
    return ok("pool_grow " + worker + " " + n);
  }

  @Override
  public JsonNode poolShrink(String worker, int n) {
    return ok("pool_shrink " + worker + " " + n);
  }

  @Override
  public JsonNode autoscale(String worker, int max, int min) {
    return ok("autoscale " + worker + " " + max + " " + min);
  }

  @Override
  public JsonNode addConsumer(String worker, String queue) {
    return ok("add_consumer " + worker + " " + queue);
  }

  @Override
  public JsonNode cancelConsumer(String worker, String queue) {
    return ok("cancel_consumer " + worker + " " + queue);
  }

  @Override
  public JsonNode heartbeat() {
    return ok("heartbeat");
  }
}
