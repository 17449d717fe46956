package io.fennel.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.control.Active;
import io.fennel.protocol.control.ActiveQueues;
import io.fennel.protocol.control.Clock;
import io.fennel.protocol.control.Conf;
import io.fennel.protocol.control.Ping;
import io.fennel.protocol.control.Query;
import io.fennel.protocol.control.QueryTask;
import io.fennel.protocol.control.Registered;
import io.fennel.protocol.control.Report;
import io.fennel.protocol.control.Reserved;
import io.fennel.protocol.control.Revoked;
import io.fennel.protocol.control.Scheduled;
import io.fennel.protocol.control.Stats;
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

  /** Any inspect method, with exactly these arguments (prefer {@link #query}). */
  public Map<String, JsonNode> inspect(String method, ObjectNode args) {
    return inspect(method, args, destination, timeout, limit);
  }

  /** Any inspect method, everything explicit. */
  public Map<String, JsonNode> inspect(
      String method, ObjectNode args, List<String> destination, Duration timeout, Integer limit) {
    return broadcaster.call(
        method, args == null ? JSON.objectNode() : args, destination, timeout, limit);
  }

  /** Any query, typed. */
  public Map<String, JsonNode> query(Query query) {
    return broadcaster.call(query.method(), query.toArguments(), destination, timeout, limit);
  }

  public Map<String, JsonNode> ping() {
    return query(new Ping());
  }

  /** Tasks running now. */
  public Map<String, JsonNode> active() {
    return query(new Active(null));
  }

  /** Tasks received and waiting for a pool slot. */
  public Map<String, JsonNode> reserved() {
    return query(new Reserved());
  }

  /** Tasks waiting for their ETA. */
  public Map<String, JsonNode> scheduled() {
    return query(new Scheduled());
  }

  public Map<String, JsonNode> revoked() {
    return query(new Revoked());
  }

  public Map<String, JsonNode> registered() {
    return query(new Registered(List.of()));
  }

  /** Registered tasks, each followed by these attributes when set ({@code rate_limit}, ...). */
  public Map<String, JsonNode> registered(List<String> taskInfoItems) {
    return query(new Registered(taskInfoItems));
  }

  public Map<String, JsonNode> stats() {
    return query(new Stats());
  }

  public Map<String, JsonNode> activeQueues() {
    return query(new ActiveQueues());
  }

  public Map<String, JsonNode> conf() {
    return query(new Conf(false));
  }

  public Map<String, JsonNode> report() {
    return query(new Report());
  }

  public Map<String, JsonNode> clock() {
    return query(new Clock());
  }

  /** Where each of these tasks is: {@code {id: [state, request]}}. */
  public Map<String, JsonNode> queryTask(List<String> ids) {
    return query(new QueryTask(ids));
  }
}
