package io.fennel.agent.internal.mailbox;

import static io.fennel.protocol.control.ControlCodec.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.time.Scheduler;
import io.fennel.core.worker.TaskRequest;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.control.Active;
import io.fennel.protocol.control.ActiveQueues;
import io.fennel.protocol.control.Clock;
import io.fennel.protocol.control.Conf;
import io.fennel.protocol.control.Hello;
import io.fennel.protocol.control.Ping;
import io.fennel.protocol.control.Query;
import io.fennel.protocol.control.QueryTask;
import io.fennel.protocol.control.Registered;
import io.fennel.protocol.control.Report;
import io.fennel.protocol.control.Reserved;
import io.fennel.protocol.control.Revoked;
import io.fennel.protocol.control.Scheduled;
import io.fennel.protocol.control.Signal;
import io.fennel.protocol.control.Stats;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The read-only commands ({@link Query}): what a worker runs, holds, knows and how it is set up, in
 * the shapes Celery's {@code inspect} replies have ({@code active}, {@code stats}, {@code
 * active_queues}, ...); and mingle's {@code hello}.
 */
final class InspectCommands {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final WorkerPort worker;
  private final String node;
  private final long pid;
  private final LamportClock lamport;
  private final Scheduler scheduler;
  private final DoubleSupplier now;

  InspectCommands(
      WorkerPort worker,
      String node,
      long pid,
      LamportClock lamport,
      Scheduler scheduler,
      DoubleSupplier now) {
    this.worker = worker;
    this.node = node;
    this.pid = pid;
    this.lamport = lamport;
    this.scheduler = scheduler;
    this.now = now;
  }

  /** The reply payload for a query; null for a hello from this node itself. */
  JsonNode answer(Query query) {
    return switch (query) {
      case Ping p -> ok("pong");
      case Active a -> requests(worker.active());
      case Reserved r -> requests(worker.reserved());
      case Scheduled s -> scheduled();
      case Revoked r -> strings(worker.revokedIds());
      case Registered r -> registered(r.taskInfoItems());
      case Stats s -> stats();
      case ActiveQueues q -> activeQueues();
      case Conf c -> PythonJson.MAPPER.valueToTree(worker.config().asCeleryNames());
      case QueryTask q -> queryTask(q.ids());
      case Report r -> ok(report());
      case Clock c -> JSON.objectNode().put("clock", lamport.value());
      case Hello h -> hello(h);
    };
  }

  private ArrayNode requests(List<TaskRequest> requests) {
    ArrayNode out = JSON.arrayNode();
    requests.forEach(r -> out.add(RequestView.of(r, node, pid)));
    return out;
  }

  private ArrayNode scheduled() {
    ArrayNode out = JSON.arrayNode();
    for (TaskRequest r : worker.scheduled()) {
      ObjectNode o = out.addObject();
      o.put("eta", r.message().headers().eta());
      o.put("priority", r.priority());
      o.set("request", RequestView.of(r, node, pid));
    }
    return out;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode out = JSON.arrayNode();
    values.forEach(out::add);
    return out;
  }

  private ObjectNode queryTask(List<String> ids) {
    ObjectNode out = JSON.objectNode();
    for (TaskRequest r : worker.active()) {
      if (ids.contains(r.id())) {
        out.set(r.id(), JSON.arrayNode().add("active").add(RequestView.of(r, node, pid)));
      }
    }
    for (TaskRequest r : worker.reserved()) {
      if (ids.contains(r.id()) && !out.has(r.id())) {
        out.set(r.id(), JSON.arrayNode().add("reserved").add(RequestView.of(r, node, pid)));
      }
    }
    return out;
  }

  /**
   * Registered task names; with {@code taskinfoitems} (e.g. {@code ["rate_limit"]}) each name is
   * followed by the items that are set, as Celery writes them: {@code demo.add [rate_limit=10/s]}.
   */
  private ArrayNode registered(List<String> items) {
    ArrayNode out = JSON.arrayNode();
    for (String name : worker.taskNames()) {
      StringBuilder line = new StringBuilder(name);
      List<String> shown = new ArrayList<>();
      for (String item : items) {
        String value =
            switch (item) {
              case "rate_limit" -> {
                var r = worker.rateLimit(name);
                yield r.limited() ? r.text() : null;
              }
              case "time_limit" -> {
                Double[] t = worker.timeLimit(name);
                yield t[1] == null ? null : String.valueOf(t[1]);
              }
              case "soft_time_limit" -> {
                Double[] t = worker.timeLimit(name);
                yield t[0] == null ? null : String.valueOf(t[0]);
              }
              default -> null;
            };
        if (value != null) {
          shown.add(item + "=" + value);
        }
      }
      if (!shown.isEmpty()) {
        line.append(" [").append(String.join(" ", shown)).append("]");
      }
      out.add(line.toString());
    }
    return out;
  }

  /** Mingle: another node starting up asks for our revoked ids and clock; we take its revokes. */
  private JsonNode hello(Hello h) {
    if (h.fromNode() != null && h.fromNode().equals(node)) {
      return null;
    }
    if (!h.revoked().isEmpty()) {
      worker.revoke(List.copyOf(h.revoked().keySet()), false, Signal.SIGTERM);
    }
    ObjectNode reply = JSON.objectNode();
    ObjectNode revoked = reply.putObject("revoked");
    double t = now.getAsDouble();
    worker.revokedIds().forEach(id -> revoked.put(id, t));
    reply.put("clock", lamport.forward());
    return reply;
  }

  private ObjectNode stats() {
    ObjectNode o = JSON.objectNode();
    ObjectNode total = o.putObject("total");
    worker.processedByName().forEach(total::put);
    o.put("pid", pid);
    o.put("clock", Long.toString(lamport.value()));
    o.put("uptime", Duration.between(worker.startedAt(), scheduler.clock().instant()).toSeconds());
    ObjectNode pool = o.putObject("pool");
    pool.put("max-concurrency", worker.poolSize());
    pool.put("implementation", worker.poolType().wireName());
    ArrayNode processes = pool.putArray("processes");
    List<Long> children = worker.childPids();
    if (children.isEmpty()) {
      processes.add(pid);
    } else {
      children.forEach(processes::add);
    }
    Integer maxTasks = worker.config().workerMaxTasksPerChild();
    if (maxTasks == null) {
      pool.put("max-tasks-per-child", "N/A");
    } else {
      pool.put("max-tasks-per-child", maxTasks);
    }
    ObjectNode fennel = o.putObject("fennel");
    fennel.put("abandoned_threads", worker.abandonedThreads());
    fennel.put("replaced_threads", worker.replacedThreads());
    fennel.put("memory_recycles", worker.memoryRecycles());
    if (worker.poolType() == io.fennel.core.worker.PoolType.PROCESS) {
      var c = worker.processPoolStats();
      ObjectNode kids = fennel.putObject("children");
      kids.put("started", c.started());
      kids.put("alive", c.alive());
      kids.put("lost", c.lost());
      kids.put("killed_for_time_limit", c.killed());
      kids.put("memory_recycles", c.memoryRecycles());
      kids.set("rusage", rusage(worker.childrenRusage()));
    }
    Integer maxMemory = worker.config().workerMaxMemoryPerChild();
    if (maxMemory != null) {
      fennel.put("max_memory_per_child_kib", maxMemory);
    }
    pool.put("put-guarded-by-semaphore", false);
    pool.putArray("timeouts").add(0).add(0);
    o.set("broker", broker(worker.brokerUrl()));
    o.put("prefetch_count", worker.prefetch());
    o.set("rusage", rusage(io.fennel.core.worker.Rusage.self()));
    return o;
  }

  /** The broker's connection facts as {@code stats.broker}, password never included. */
  static ObjectNode broker(String url) {
    ObjectNode b = JSON.objectNode();
    int sep = url.indexOf("://");
    String scheme = sep > 0 ? url.substring(0, sep) : "unknown";
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      b.put("transport", scheme);
      return b;
    }
    b.put("hostname", uri.getHost() == null ? "localhost" : uri.getHost());
    String user = uri.getUserInfo();
    b.put(
        "userid",
        user == null ? (scheme.startsWith("amqp") ? "guest" : null) : user.split(":", 2)[0]);
    String path = uri.getPath();
    String vhost = path == null || path.length() <= 1 ? "/" : path.substring(1);
    b.put("virtual_host", vhost);
    if (uri.getPort() > 0) {
      b.put("port", uri.getPort());
    } else if (scheme.startsWith("amqp")) {
      b.put("port", 5672);
    } else if (scheme.startsWith("redis")) {
      b.put("port", 6379);
    } else {
      b.putNull("port");
    }
    b.put("insist", false);
    b.put("ssl", scheme.equals("amqps") || scheme.equals("rediss"));
    b.put("transport", scheme.equals("amqps") ? "amqp" : scheme);
    b.putObject("transport_options");
    b.put("login_method", "PLAIN");
    b.putNull("uri_prefix");
    b.putArray("alternates");
    return b;
  }

  /** Celery's {@code rusage} fields: CPU seconds, {@code maxrss} in KiB, faults, switches. */
  private static ObjectNode rusage(io.fennel.core.worker.Rusage u) {
    ObjectNode r = JSON.objectNode();
    r.put("utime", u.utime());
    r.put("stime", u.stime());
    r.put("maxrss", u.maxrss());
    r.put("minflt", u.minflt());
    r.put("majflt", u.majflt());
    r.put("nvcsw", u.nvcsw());
    r.put("nivcsw", u.nivcsw());
    return r;
  }

  private ArrayNode activeQueues() {
    ArrayNode out = JSON.arrayNode();
    Integer maxPriority = worker.config().taskQueueMaxPriority();
    for (String q : worker.queues()) {
      ObjectNode o = out.addObject();
      o.put("name", q);
      ObjectNode ex = o.putObject("exchange");
      ex.put("name", q);
      ex.put("type", "direct");
      ex.putNull("arguments");
      ex.put("durable", true);
      ex.put("passive", false);
      ex.put("auto_delete", false);
      ex.putNull("delivery_mode");
      ex.put("no_declare", false);
      o.put("routing_key", q);
      if (maxPriority == null) {
        o.putNull("queue_arguments");
      } else {
        o.putObject("queue_arguments").put("x-max-priority", maxPriority);
      }
      o.putNull("binding_arguments");
      o.putNull("consumer_arguments");
      o.put("durable", true);
      o.put("exclusive", false);
      o.put("auto_delete", false);
      o.put("no_ack", false);
      o.putNull("alias");
      o.putArray("bindings");
      o.putNull("no_declare");
      o.putNull("expires");
      o.putNull("message_ttl");
      o.putNull("max_length");
      o.putNull("max_length_bytes");
      if (maxPriority == null) {
        o.putNull("max_priority");
      } else {
        o.put("max_priority", maxPriority);
      }
    }
    return out;
  }

  private String report() {
    Map<String, Object> conf = worker.config().asCeleryNames();
    StringBuilder s = new StringBuilder();
    s.append("software -> fennel (java ")
        .append(Runtime.version())
        .append(") os:")
        .append(System.getProperty("os.name"))
        .append('\n');
    s.append("node -> ").append(node).append('\n');
    s.append("pool -> ")
        .append(worker.poolType().wireName())
        .append(" x")
        .append(worker.poolSize())
        .append('\n');
    s.append("queues -> ").append(worker.queues()).append('\n');
    s.append("tasks -> ").append(worker.taskNames()).append('\n');
    conf.forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
    return s.toString();
  }
}
