package io.fennel.agent.mailbox;

import static io.fennel.protocol.control.ControlCodec.ok;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.worker.TaskRequest;
import io.fennel.protocol.PythonJson;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The read-only commands: what a worker runs, holds, knows and how it is set up, in the shapes
 * Celery's {@code inspect} replies have ({@code active}, {@code stats}, {@code active_queues},
 * ...).
 */
final class InspectCommands {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private InspectCommands() {}

  static void register(Commands c) {
    c.add("active", a -> requests(c, c.worker.control().active()));
    c.add("reserved", a -> requests(c, c.worker.control().reserved()));
    c.add("scheduled", a -> scheduled(c));
    c.add("revoked", a -> strings(c.worker.control().revokedIds()));
    c.add("registered", a -> registered(c, a));
    c.add("stats", a -> stats(c));
    c.add("active_queues", a -> activeQueues(c));
    c.add("conf", a -> PythonJson.MAPPER.valueToTree(c.worker.config().asCeleryNames()));
    c.add("query_task", a -> queryTask(c, a));
    c.add("report", a -> ok(report(c)));
  }

  private static ArrayNode requests(Commands c, List<TaskRequest> requests) {
    ArrayNode out = JSON.arrayNode();
    requests.forEach(r -> out.add(RequestView.of(r, c.node, c.pid)));
    return out;
  }

  private static ArrayNode scheduled(Commands c) {
    ArrayNode out = JSON.arrayNode();
    for (TaskRequest r : c.worker.control().scheduled()) {
      ObjectNode o = out.addObject();
      o.put("eta", r.message().headers().eta());
      o.put("priority", r.priority());
      o.set("request", RequestView.of(r, c.node, c.pid));
    }
    return out;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode out = JSON.arrayNode();
    values.forEach(out::add);
    return out;
  }

  private static ObjectNode queryTask(Commands c, Args a) {
    List<String> ids = a.optStrings("ids");
    ObjectNode out = JSON.objectNode();
    for (TaskRequest r : c.worker.control().active()) {
      if (ids.contains(r.id())) {
        out.set(r.id(), JSON.arrayNode().add("active").add(RequestView.of(r, c.node, c.pid)));
      }
    }
    for (TaskRequest r : c.worker.control().reserved()) {
      if (ids.contains(r.id()) && !out.has(r.id())) {
        out.set(r.id(), JSON.arrayNode().add("reserved").add(RequestView.of(r, c.node, c.pid)));
      }
    }
    return out;
  }

  /**
   * Registered task names; with {@code taskinfoitems} (e.g. {@code ["rate_limit"]}) each name is
   * followed by the items that are set, as Celery writes them: {@code demo.add [rate_limit=10/s]}.
   */
  private static ArrayNode registered(Commands c, Args a) {
    List<String> items = a.optStrings("taskinfoitems");
    ArrayNode out = JSON.arrayNode();
    for (String name : c.worker.registry().names().stream().sorted().toList()) {
      StringBuilder line = new StringBuilder(name);
      List<String> shown = new java.util.ArrayList<>();
      for (String item : items) {
        String value =
            switch (item) {
              case "rate_limit" -> {
                var r = c.worker.control().rateLimit(name);
                yield r.limited() ? r.text() : null;
              }
              case "time_limit" -> {
                Double[] t = c.worker.control().timeLimit(name);
                yield t[1] == null ? null : String.valueOf(t[1]);
              }
              case "soft_time_limit" -> {
                Double[] t = c.worker.control().timeLimit(name);
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

  private static ObjectNode stats(Commands c) {
    ObjectNode o = JSON.objectNode();
    ObjectNode total = o.putObject("total");
    c.worker.control().processedByName().forEach(total::put);
    o.put("pid", c.pid);
    o.put("clock", Long.toString(c.lamport.value()));
    o.put(
        "uptime",
        Duration.between(c.worker.startedAt(), c.scheduler.clock().instant()).toSeconds());
    ObjectNode pool = o.putObject("pool");
    pool.put("max-concurrency", c.worker.control().poolSize());
    pool.put("implementation", c.worker.control().poolType().wireName());
    pool.putArray("processes").add(c.pid);
    Integer maxTasks = c.worker.config().workerMaxTasksPerChild();
    if (maxTasks == null) {
      pool.put("max-tasks-per-child", "N/A");
    } else {
      pool.put("max-tasks-per-child", maxTasks);
    }
    ObjectNode fennel = o.putObject("fennel");
    fennel.put("abandoned_threads", c.worker.control().abandonedThreads());
    fennel.put("replaced_threads", c.worker.control().replacedThreads());
    fennel.put("memory_recycles", c.worker.control().memoryRecycles());
    Integer maxMemory = c.worker.config().workerMaxMemoryPerChild();
    if (maxMemory != null) {
      fennel.put("max_memory_per_child_kib", maxMemory);
    }
    pool.put("put-guarded-by-semaphore", false);
    pool.putArray("timeouts").add(0).add(0);
    o.set("broker", broker(c.worker.broker().url()));
    o.put("prefetch_count", c.worker.options().prefetch());
    o.set("rusage", rusage());
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

  private static ObjectNode rusage() {
    ObjectNode r = JSON.objectNode();
    double cpu = 0.0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = Math.max(0L, os.getProcessCpuTime()) / 1e9;
    }
    r.put("utime", cpu);
    r.put("stime", 0.0);
    Runtime rt = Runtime.getRuntime();
    r.put("maxrss", (rt.totalMemory()) / 1024);
    return r;
  }

  private static ArrayNode activeQueues(Commands c) {
    ArrayNode out = JSON.arrayNode();
    Integer maxPriority = c.worker.config().taskQueueMaxPriority();
    for (String q : c.worker.control().queues()) {
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

  private static String report(Commands c) {
    Map<String, Object> conf = c.worker.config().asCeleryNames();
    StringBuilder s = new StringBuilder();
    s.append("software -> fennel (java ")
        .append(Runtime.version())
        .append(") os:")
        .append(System.getProperty("os.name"))
        .append('\n');
    s.append("node -> ").append(c.node).append('\n');
    s.append("pool -> ")
        .append(c.worker.control().poolType().wireName())
        .append(" x")
        .append(c.worker.control().poolSize())
        .append('\n');
    s.append("queues -> ").append(c.worker.control().queues()).append('\n');
    s.append("tasks -> ").append(c.worker.registry().names()).append('\n');
    conf.forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
    return s.toString();
  }
}
