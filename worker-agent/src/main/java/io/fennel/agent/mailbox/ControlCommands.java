package io.fennel.agent.mailbox;

import static io.fennel.protocol.control.ControlCodec.error;
import static io.fennel.protocol.control.ControlCodec.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands that change a worker: revoke, rate and time limits, pool size, consumers, events,
 * shutdown; and the small ones every node answers (ping, heartbeat, clock, mingle's hello). Reply
 * texts are the ones a Celery worker sends, so Celery's tools read them unchanged.
 */
final class ControlCommands {
  private ControlCommands() {}

  private static final Map<String, String> SIGNALS =
      Map.of(
          "SIGTERM", "SIGTERM", "TERM", "SIGTERM", "15", "SIGTERM", "SIGKILL", "SIGKILL", "KILL",
          "SIGKILL", "9", "SIGKILL");

  static void register(Commands c) {
    c.add("ping", a -> ok("pong"));
    c.add("revoke", a -> revoke(c, a));
    c.add("terminate", a -> terminate(c, a));
    c.add("rate_limit", a -> rateLimit(c, a));
    c.add("time_limit", a -> timeLimit(c, a));
    c.add("shutdown", a -> shutdown(c));
    c.add("pool_grow", a -> poolResize(c, a, true));
    c.add("pool_shrink", a -> poolResize(c, a, false));
    c.add("autoscale", a -> autoscale(c, a));
    c.add("add_consumer", a -> addConsumer(c, a));
    c.add("cancel_consumer", a -> cancelConsumer(c, a));
    c.add("enable_events", a -> events(c, true));
    c.add("disable_events", a -> events(c, false));
    c.add("heartbeat", a -> heartbeat(c));
    c.add("clock", a -> JsonNodeFactory.instance.objectNode().put("clock", c.lamport.value()));
    c.add("hello", a -> hello(c, a));
  }

  private static JsonNode revoke(Commands c, Args a) {
    List<String> ids = a.strings("task_id");
    boolean terminate = a.bool("terminate", false);
    String signal = signal(a.optString("signal", "SIGTERM"));
    List<String> terminated = c.worker.control().revoke(ids, terminate, signal);
    if (terminate) {
      return ok(
          "terminate: " + (terminated.isEmpty() ? "tasks unknown" : String.join(", ", terminated)));
    }
    return ok("tasks " + String.join(", ", ids) + " flagged as revoked");
  }

  /** Celery's {@code terminate <signal> <id...>}: revoke with terminate. */
  private static JsonNode terminate(Commands c, Args a) {
    List<String> ids = a.strings("task_id");
    String signal = signal(a.optString("signal", "SIGTERM"));
    List<String> terminated = c.worker.control().revoke(ids, true, signal);
    return ok(
        "terminate: " + (terminated.isEmpty() ? "tasks unknown" : String.join(", ", terminated)));
  }

  private static String signal(String given) {
    String s = SIGNALS.get(given.trim().toUpperCase(Locale.ROOT));
    if (s == null) {
      throw new BadArgument(
          "revoke: argument 'signal' must be SIGTERM or SIGKILL (or TERM, KILL, 15, 9), was '"
              + given
              + "'");
    }
    return s;
  }

  private static JsonNode rateLimit(Commands c, Args a) {
    String task = a.string("task_name");
    JsonNode raw = a.raw("rate_limit");
    String rate = raw == null ? "0" : raw.isTextual() ? raw.textValue() : raw.asText();
    if (c.worker.registry().find(task).isEmpty()) {
      return error("unknown task " + task);
    }
    try {
      c.worker.control().setRateLimit(task, rate);
    } catch (RuntimeException e) {
      return error("invalid rate limit string: " + e.getMessage());
    }
    return ok("new rate limit set successfully");
  }

  private static JsonNode timeLimit(Commands c, Args a) {
    String task = a.string("task_name");
    if (c.worker.registry().find(task).isEmpty()) {
      return error("unknown task " + task);
    }
    Double soft = seconds(a, "soft");
    Double hard = seconds(a, "hard");
    try {
      c.worker.control().setTimeLimit(task, soft, hard);
    } catch (IllegalArgumentException e) {
      return error("time_limit: " + e.getMessage());
    }
    return ok("time limits set successfully");
  }

  private static Double seconds(Args a, String name) {
    JsonNode v = a.raw(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new BadArgument(
          "time_limit: argument '" + name + "' must be a number of seconds or null, was " + v);
    }
    return v.doubleValue();
  }

  private static JsonNode shutdown(Commands c) {
    Thread.ofPlatform().name("fennel-agent-shutdown").start(c.worker::shutdown);
    return null;
  }

  private static JsonNode poolResize(Commands c, Args a, boolean grow) {
    int n = a.nonNegative("n", 1);
    if (grow) {
      c.worker.control().poolGrow(n);
      return ok("pool will grow");
    }
    if (n >= c.worker.control().poolSize()) {
      return error(
          "pool_shrink: cannot shrink the pool by "
              + n
              + ", it has "
              + c.worker.control().poolSize());
    }
    c.worker.control().poolShrink(n);
    return ok("pool will shrink");
  }

  private static JsonNode autoscale(Commands c, Args a) {
    int max = a.integer("max", -1);
    int min = a.nonNegative("min", 0);
    if (max < 1) {
      throw new BadArgument("autoscale: argument 'max' must be >= 1, was " + a.raw("max"));
    }
    if (min > max) {
      throw new BadArgument("autoscale: 'min' (" + min + ") must be <= 'max' (" + max + ")");
    }
    c.worker.control().autoscale(max, min);
    return ok("autoscale now max=" + max + " min=" + min);
  }

  private static JsonNode addConsumer(Commands c, Args a) {
    String queue = a.string("queue");
    if (c.worker.control().addConsumer(queue)) {
      return ok("add consumer " + queue);
    }
    return ok("already consuming from " + queue);
  }

  private static JsonNode cancelConsumer(Commands c, Args a) {
    String queue = a.string("queue");
    c.worker.control().cancelConsumer(queue);
    return ok("no longer consuming from " + queue);
  }

  private static JsonNode events(Commands c, boolean on) {
    boolean was = c.hooks.taskEventsEnabled();
    c.hooks.setTaskEvents(on);
    if (was == on) {
      return ok("task events already " + (on ? "enabled" : "disabled"));
    }
    return ok("task events " + (on ? "enabled" : "disabled"));
  }

  private static JsonNode heartbeat(Commands c) {
    c.hooks.heartbeatNow();
    return null;
  }

  /** Mingle: another node starting up asks for our revoked ids and clock; we take its revokes. */
  private static JsonNode hello(Commands c, Args a) {
    String from = a.optString("from_node", null);
    if (from != null && from.equals(c.node)) {
      return null;
    }
    JsonNode theirs = a.raw("revoked");
    if (theirs != null && theirs.isObject() && !theirs.isEmpty()) {
      List<String> ids = new ArrayList<>();
      theirs.fieldNames().forEachRemaining(ids::add);
      c.worker.control().revoke(ids, false, "SIGTERM");
    }
    ObjectNode reply = JsonNodeFactory.instance.objectNode();
    ObjectNode revoked = reply.putObject("revoked");
    double now = c.now();
    c.worker.control().revokedIds().forEach(id -> revoked.put(id, now));
    reply.put("clock", c.lamport.forward());
    return reply;
  }
}
