package io.fennel.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Asks workers what they are doing, with the arguments Celery's {@code inspect} sends. Immutable:
 * {@link #destination}, {@link #timeout} and {@link #limit} return narrowed copies. Every method
 * returns each answering node's payload, keyed by node name.
 */
public final class Inspect {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Broadcaster broadcaster;
  private final List<String> destination;
  private final Duration timeout;
  private final Integer limit;

  Inspect(Broadcaster broadcaster, List<String> destination, Duration timeout, Integer limit) {
    this.broadcaster = broadcaster;
    this.destination = destination == null ? null : List.copyOf(destination);
    this.timeout = timeout;
    this.limit = limit;
  }

  /** Only these nodes are asked (and, with no limit, the call ends when all of them answered). */
  public Inspect destination(List<String> nodes) {
    return new Inspect(broadcaster, nodes, timeout, limit);
  }

  public Inspect timeout(Duration t) {
    return new Inspect(broadcaster, destination, t, limit);
  }

  /** Stop waiting after this many nodes answered. */
  public Inspect limit(Integer n) {
    return new Inspect(broadcaster, destination, timeout, n);
  }

  /** Any inspect method, with its arguments. */
  public Map<String, JsonNode> inspect(String method, ObjectNode args) {
    return inspect(method, args, destination, timeout, limit);
  }

  /** Any inspect method, everything explicit. */
  public Map<String, JsonNode> inspect(
      String method, ObjectNode args, List<String> destination, Duration timeout, Integer limit) {
    return broadcaster.call(
        method, args == null ? JSON.objectNode() : args, destination, timeout, limit);
  }

  public Map<String, JsonNode> ping() {
    return inspect("ping", JSON.objectNode());
  }

  /** Tasks running now. */
  public Map<String, JsonNode> active() {
    return inspect("active", JSON.objectNode().putNull("safe"));
  }

  /** Tasks received and waiting for a pool slot. */
  public Map<String, JsonNode> reserved() {
    return inspect("reserved", JSON.objectNode());
  }

  /** Tasks waiting for their ETA. */
  public Map<String, JsonNode> scheduled() {
    return inspect("scheduled", JSON.objectNode());
  }

  public Map<String, JsonNode> revoked() {
    return inspect("revoked", JSON.objectNode());
  }

  public Map<String, JsonNode> registered() {
    ObjectNode a = JSON.objectNode();
    a.putArray("taskinfoitems");
    return inspect("registered", a);
  }

  public Map<String, JsonNode> stats() {
    return inspect("stats", JSON.objectNode());
  }

  public Map<String, JsonNode> activeQueues() {
    return inspect("active_queues", JSON.objectNode());
  }

  public Map<String, JsonNode> conf() {
    return inspect("conf", JSON.objectNode());
  }

  public Map<String, JsonNode> report() {
    return inspect("report", JSON.objectNode());
  }

  public Map<String, JsonNode> clock() {
    return inspect("clock", JSON.objectNode());
  }

  /** Where each of these tasks is: {@code {id: [state, request]}}. */
  public Map<String, JsonNode> queryTask(List<String> ids) {
    ObjectNode a = JSON.objectNode();
    ids.forEach(a.putArray("ids")::add);
    return inspect("query_task", a);
  }
}
