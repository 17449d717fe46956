package io.fennel.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.control.AddConsumer;
import io.fennel.protocol.control.Autoscale;
import io.fennel.protocol.control.CancelConsumer;
import io.fennel.protocol.control.Command;
import io.fennel.protocol.control.DisableEvents;
import io.fennel.protocol.control.EnableEvents;
import io.fennel.protocol.control.Heartbeat;
import io.fennel.protocol.control.Ping;
import io.fennel.protocol.control.PoolGrow;
import io.fennel.protocol.control.PoolShrink;
import io.fennel.protocol.control.RateLimit;
import io.fennel.protocol.control.Revoke;
import io.fennel.protocol.control.Shutdown;
import io.fennel.protocol.control.Signal;
import io.fennel.protocol.control.TimeLimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Remote control of workers, Celery's and Fennel's alike: revoke, rate and time limits, pool size,
 * consumers, events, shutdown, each sent as its {@link Command}. With {@code reply} the call waits
 * up to {@code timeout} and returns each answering node's payload ({@code {"ok": ...}} or {@code
 * {"error": ...}}); without, it only publishes and returns an empty map. A null or empty
 * destination means every worker.
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
   * Sends a command. Commands workers never answer ({@link Command#answered()}: shutdown,
   * heartbeat) are only published, whatever {@code reply} says.
   *
   * @param reply wait for replies (a call) or not (a cast)
   */
  public Map<String, JsonNode> send(
      Command command, List<String> destination, Duration timeout, boolean reply) {
    if (!reply || !command.answered()) {
      broadcaster.cast(command.method(), command.toArguments(), destination, timeout);
      return Map.of();
    }
    return broadcaster.call(command.method(), command.toArguments(), destination, timeout, null);
  }

  /** Sends a command and waits for at most {@code limit} replies (null: see destination). */
  public Map<String, JsonNode> call(
      Command command, List<String> destination, Duration timeout, Integer limit) {
    return broadcaster.call(command.method(), command.toArguments(), destination, timeout, limit);
  }

  /**
   * Sends a method with exactly these arguments, unread: for methods Fennel does not model, or to
   * see how a worker answers arguments it cannot read. Prefer {@link #send(Command, List, Duration,
   * boolean)}.
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

  /** Like {@link #control} and waits for at most {@code limit} replies. */
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
    return send(new Ping(), destination, timeout, true);
  }

  /**
   * Revokes tasks, the signal by name or number ({@code SIGTERM}, {@code KILL}, {@code 9}; null for
   * SIGTERM).
   *
   * @throws IllegalArgumentException naming the signal when it is not one Fennel knows
   */
  public Map<String, JsonNode> revoke(
      List<String> taskIds,
      boolean terminate,
      String signal,
      List<String> destination,
      Duration timeout,
      boolean reply) {
    Signal s = signal == null ? Signal.SIGTERM : Signal.parse(signal);
    return send(new Revoke(taskIds, terminate, s), destination, timeout, reply);
  }

  /** Sets a task's rate limit, e.g. {@code 10/s}, {@code 100/m}, {@code 0} for none. */
  public Map<String, JsonNode> rateLimit(
      String taskName, String rate, List<String> destination, Duration timeout, boolean reply) {
    return send(new RateLimit(taskName, rate), destination, timeout, reply);
  }

  /** Sets a task's soft and hard time limits in seconds (null: none). */
  public Map<String, JsonNode> timeLimit(
      String taskName,
      Double soft,
      Double hard,
      List<String> destination,
      Duration timeout,
      boolean reply) {
    return send(new TimeLimit(taskName, soft, hard), destination, timeout, reply);
  }

  public Map<String, JsonNode> poolGrow(
      int n, List<String> destination, Duration timeout, boolean reply) {
    return send(new PoolGrow(n), destination, timeout, reply);
  }

  public Map<String, JsonNode> poolShrink(
      int n, List<String> destination, Duration timeout, boolean reply) {
    return send(new PoolShrink(n), destination, timeout, reply);
  }

  /** Sets the pool's bounds (a Fennel worker sizes its pool to {@code max}). */
  public Map<String, JsonNode> autoscale(
      int max, int min, List<String> destination, Duration timeout, boolean reply) {
    return send(new Autoscale(max, min), destination, timeout, reply);
  }

  /** Asks workers to consume one more queue, declared as a Celery task queue. */
  public Map<String, JsonNode> addConsumer(
      String queue, List<String> destination, Duration timeout, boolean reply) {
    return send(AddConsumer.of(queue), destination, timeout, reply);
  }

  public Map<String, JsonNode> cancelConsumer(
      String queue, List<String> destination, Duration timeout, boolean reply) {
    return send(new CancelConsumer(queue), destination, timeout, reply);
  }

  public Map<String, JsonNode> enableEvents(
      List<String> destination, Duration timeout, boolean reply) {
    return send(new EnableEvents(), destination, timeout, reply);
  }

  public Map<String, JsonNode> disableEvents(
      List<String> destination, Duration timeout, boolean reply) {
    return send(new DisableEvents(), destination, timeout, reply);
  }

  /** Asks workers to send a heartbeat now; they send no reply. */
  public void heartbeat(List<String> destination) {
    send(new Heartbeat(), destination, DEFAULT_TIMEOUT, false);
  }

  /** Warm shutdown of the workers; they send no reply. */
  public void shutdown(List<String> destination) {
    send(new Shutdown(), destination, DEFAULT_TIMEOUT, false);
  }
}
