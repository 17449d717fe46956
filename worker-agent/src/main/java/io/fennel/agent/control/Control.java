package io.fennel.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.clock.LamportClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Remote control of workers, Celery's and Fennel's alike: revoke, rate limits, pool size,
 * consumers, events, shutdown. With {@code reply} the call waits up to {@code timeout} and returns
 * each answering node's payload ({@code {"ok": ...}} or {@code {"error": ...}}); without, it only
 * publishes and returns an empty map. A null or empty destination means every worker.
 */
public final class Control {
  /** Celery's default wait for replies. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Broadcaster broadcaster;

  /** Control over the app's broker, stamped with the app's Lamport clock. */
  public Control(Fennel app) {
    this(app.unsafe().broker(), app.clock(), app.scheduler());
  }

  /** Control over a broker, with a Lamport clock and time of one's own. */
  public Control(Broker broker, LamportClock lamport, Scheduler clock) {
    this.broadcaster = new Broadcaster(broker, lamport, clock);
  }

  /** The read-only side, to every worker with the default timeout. */
  public Inspect inspect() {
    return new Inspect(broadcaster, null, DEFAULT_TIMEOUT, null);
  }

  /**
   * Sends any command.
   *
   * @param reply wait for replies (a call) or not (a cast)
   */
  public Map<String, JsonNode> control(
      String method, ObjectNode args, List<String> destination, Duration timeout, boolean reply) {
    ObjectNode a = args == null ? JSON.objectNode() : args;
    if (!reply) {
      broadcaster.cast(method, a, destination, timeout);
      return Map.of();
    }
    return broadcaster.call(method, a, destination, timeout, null);
  }

  /** Sends any command and waits for at most {@code limit} replies (null: see destination). */
  public Map<String, JsonNode> call(
      String method, ObjectNode args, List<String> destination, Duration timeout, Integer limit) {
    return broadcaster.call(
        method, args == null ? JSON.objectNode() : args, destination, timeout, limit);
  }

  /** Every worker that answers within the timeout, with {@code {"ok": "pong"}}. */
  public Map<String, JsonNode> ping(Duration timeout) {
    return ping(null, timeout);
  }

  public Map<String, JsonNode> ping(List<String> destination, Duration timeout) {
    return control("ping", JSON.objectNode(), destination, timeout, true);
  }

  /** Revokes tasks; with {@code terminate}, running ones are stopped with {@code signal}. */
  public Map<String, JsonNode> revoke(
      List<String> taskIds,
      boolean terminate,
      String signal,
      List<String> destination,
      Duration timeout,
      boolean reply) {
    ObjectNode a = JSON.objectNode();
    if (taskIds.size() == 1) {
      a.put("task_id", taskIds.get(0));
    } else {
      taskIds.forEach(a.putArray("task_id")::add);
    }
    a.put("terminate", terminate);
    a.put("signal", signal == null ? "SIGTERM" : signal);
    return control("revoke", a, destination, timeout, reply);
  }

  /** Sets a task's rate limit, e.g. {@code 10/s}, {@code 100/m}, {@code 0} for none. */
  public Map<String, JsonNode> rateLimit(
      String taskName, String rate, List<String> destination, Duration timeout, boolean reply) {
    ObjectNode a = JSON.objectNode().put("task_name", taskName).put("rate_limit", rate);
    return control("rate_limit", a, destination, timeout, reply);
  }

  public Map<String, JsonNode> poolGrow(
      int n, List<String> destination, Duration timeout, boolean reply) {
    return control("pool_grow", JSON.objectNode().put("n", n), destination, timeout, reply);
  }

  public Map<String, JsonNode> poolShrink(
      int n, List<String> destination, Duration timeout, boolean reply) {
    return control("pool_shrink", JSON.objectNode().put("n", n), destination, timeout, reply);
  }

  /** Asks workers to consume one more queue, declared as a Celery task queue. */
  public Map<String, JsonNode> addConsumer(
      String queue, List<String> destination, Duration timeout, boolean reply) {
    ObjectNode a = JSON.objectNode().put("queue", queue);
    a.putNull("exchange");
    a.put("exchange_type", "direct");
    a.putNull("routing_key");
    return control("add_consumer", a, destination, timeout, reply);
  }

  public Map<String, JsonNode> cancelConsumer(
      String queue, List<String> destination, Duration timeout, boolean reply) {
    return control(
        "cancel_consumer", JSON.objectNode().put("queue", queue), destination, timeout, reply);
  }

  public Map<String, JsonNode> enableEvents(
      List<String> destination, Duration timeout, boolean reply) {
    return control("enable_events", JSON.objectNode(), destination, timeout, reply);
  }

  public Map<String, JsonNode> disableEvents(
      List<String> destination, Duration timeout, boolean reply) {
    return control("disable_events", JSON.objectNode(), destination, timeout, reply);
  }

  /** Warm shutdown of the workers; they send no reply. */
  public void shutdown(List<String> destination) {
    control("shutdown", JSON.objectNode(), destination, DEFAULT_TIMEOUT, false);
  }
}
