package io.fennel.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.monitor.ingest.EventReceiver;
import io.fennel.protocol.WireNames;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./fennel monitor} as shipped (the launcher's JVM flags) fed {@code tasks} tasks of four
 * events each over RabbitMQ, reading a durable queue of its own ({@code --queue-name}, as a console
 * on a fixed port does): its resident memory once they are all kept, its ingest rate and its CPU
 * per 10,000 events, read from {@code /proc}; once while the events are being published, once
 * draining the same events left waiting in its queue (a console that restarts), beside a bare
 * amqp-client consumer draining the same messages. Flower cannot be installed here (no PyPI), so
 * its figure is the issue's, measured on the same kind of box, and labelled as such.
 */
final class ConsoleRssBench {
  static final double FLOWER_RSS_MB = 468;
  private static final Pattern PORT = Pattern.compile("http://[^:]+:(\\d+)/");

  /**
   * Progress is read from {@code /api/console} (two counters) on one client: polling {@code
   * /metrics} every 20 ms with a new client each time cost the console 12 % of its CPU samples in
   * rendering scrapes, and the benchmark's process as much again on the same two cores.
   */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleRssBench() {}

  static void run(int tasks) throws Exception {
    List<byte[]> bodies = MonitorIngestBench.generate(tasks, 30);
    live(tasks, bodies);
    backlog(tasks, bodies);
  }

  /** The console up first, then the events published: ingest keeps pace with the publisher. */
  private static void live(int tasks, List<byte[]> bodies) throws Exception {
    String queue = "bench.console.live." + UUID.randomUUID();
    Process monitor = start(tasks, queue);
    try {
      int port = port(monitor);
      long events = 4L * tasks;
      long cpu0 = cpuTicks(monitor.pid());
      long t0 = System.nanoTime();
      publish(bodies);
      double published = (System.nanoTime() - t0) / 1e9;
      while (keptTasks(port) < tasks) {
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (cpuTicks(monitor.pid()) - cpu0) / 100.0;
      Thread.sleep(5_000);
      double rssMb = rssKb(monitor.pid()) / 1024.0;
      System.out.printf(
          "# console: ./fennel monitor --max-tasks %d, %d events in %d messages, published in"
              + " %.2f s, all kept after %.2f s%n",
          tasks, events, bodies.size(), published, seconds);
      Benchmarks.report(
          "console RSS at " + tasks + " kept tasks",
          rssMb,
          "MB",
          FLOWER_RSS_MB,
          "Flower (issue 14's figure, external)");
      Benchmarks.report(
          "console ingest incl. publishing", events / seconds, "events/s", 100_000, "goal");
      Benchmarks.report(
          "console CPU per 10,000 events", cpu / (events / 10_000.0), "s", 0.1, "goal");
    } finally {
      stop(monitor);
      deleteQueue(queue);
    }
  }

  /**
   * The same events published into the console's queue first, then the console started: the rate
   * and CPU from when it answers (its address printed) until every event is ingested.
   */
  private static void backlog(int tasks, List<byte[]> bodies) throws Exception {
    String queue = "bench.console.backlog." + UUID.randomUUID();
    long events = 4L * tasks;
    declareConsoleQueue(queue);
    publish(bodies);
    Process monitor = start(tasks, queue);
    try {
      int port = port(monitor);
      long cpu0 = cpuTicks(monitor.pid());
      long t0 = System.nanoTime();
      double before = console(port, "events_ingested");
      double ingested = before;
      while (ingested < events) {
        Thread.sleep(50);
        ingested = console(port, "events_ingested");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (cpuTicks(monitor.pid()) - cpu0) / 100.0;
      double measured = ingested - before;
      System.out.printf(
          "# console draining %d waiting events: %.0f of them measured, in %.2f s%n",
          events, measured, seconds);
      Benchmarks.report(
          "console ingest from its queue", measured / seconds, "events/s", 100_000, "goal");
      double bare = bareDrain(bodies, events);
      Benchmarks.report(
          "console ingest from its queue",
          measured / seconds,
          "events/s",
          bare,
          "bare amqp-client, same messages");
      Benchmarks.report(
          "console CPU per 10,000 events from its queue",
          cpu / (measured / 10_000.0),
          "s",
          0.1,
          "goal");
    } finally {
      stop(monitor);
      deleteQueue(queue);
    }
  }

  private static Process start(int tasks, String queue) throws Exception {
    Path launcher = Path.of("fennel").toAbsolutePath();
    return new ProcessBuilder(
            launcher.toString(),
            "monitor",
            "--port",
            "0",
            "--max-tasks",
            String.valueOf(tasks),
            "--queue-name",
            queue,
            "--broker",
            AmqpThroughputBench.URL)
        .redirectErrorStream(true)
        .start();
  }

  private static void stop(Process monitor) throws InterruptedException {
    monitor.destroy();
    if (!monitor.waitFor(20, TimeUnit.SECONDS)) {
      monitor.destroyForcibly();
    }
  }

  /**
   * What RabbitMQ gives any consumer of these messages: the same bodies drained by a bare
   * amqp-client consumer at the console's prefetch (2,048) and acks, decoding nothing; events/s.
   */
  private static double bareDrain(List<byte[]> bodies, long events) throws Exception {
    String queue = "bench.console.bare." + UUID.randomUUID();
    declareConsoleQueue(queue);
    try {
      publish(bodies);
      try (Connection c = RawAmqp.connect()) {
        RawAmqp.awaitDepth(
            c.createChannel(), queue, bodies.size()); // all queued, as for the console
      }
      return RawConsumers.amqp(queue, bodies.size(), 2_048) * events / bodies.size();
    } finally {
      deleteQueue(queue);
    }
  }

  /** The queue as the console declares it (same arguments, or its declare would fail). */
  private static void declareConsoleQueue(String queue) throws Exception {
    try (Connection c = RawAmqp.connect()) {
      Channel ch = c.createChannel();
      ch.exchangeDeclare(WireNames.EVENT_EXCHANGE, "topic", true);
      ch.queueDeclare(
          queue,
          true,
          false,
          false,
          Map.of(
              "x-expires",
              EventReceiver.DURABLE_EXPIRES_MS,
              "x-max-length",
              EventReceiver.DURABLE_MAX_LENGTH));
      ch.queueBind(queue, WireNames.EVENT_EXCHANGE, "#");
    }
  }

  private static void deleteQueue(String queue) throws Exception {
    try (Connection c = RawAmqp.connect()) {
      c.createChannel().queueDelete(queue);
    }
  }

  static int port(Process monitor) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = PORT.matcher(line);
      if (m.find()) {
        Thread.ofPlatform().daemon().start(() -> drain(out));
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IllegalStateException("./fennel monitor ended before printing its address");
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the console's log, not needed
      }
    } catch (java.io.IOException e) {
      // the process ended
    }
  }

  static void publish(List<byte[]> bodies) throws Exception {
    try (Connection c = RawAmqp.connect()) {
      Channel ch = c.createChannel();
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .contentEncoding("utf-8")
              .deliveryMode(1)
              .headers(Map.of("hostname", "bench@rss"))
              .build();
      for (byte[] b : bodies) {
        String key = b.length > 0 && b[0] == '[' ? "task.multi" : "task.sent";
        ch.basicPublish("celeryev", key, props, b);
      }
    }
  }

  private static double keptTasks(int port) throws Exception {
    return console(port, "tasks_kept");
  }

  /** One number of the console's {@code /api/console}. */
  private static double console(int port, String field) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/console")).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get(field).asDouble();
  }

  /** The sum of every sample of the console's /metrics that {@code sample} matches (group 1). */
  static double metricSum(int port, Pattern sample) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    Matcher m = sample.matcher(r.body());
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for process " + pid);
  }
}
