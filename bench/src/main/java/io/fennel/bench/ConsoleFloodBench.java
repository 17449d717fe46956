package io.fennel.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.protocol.event.Event;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./fennel monitor} as shipped, with its default caps, flooded over RabbitMQ with 1,000,000
 * task events carrying 100,000 distinct task names from 1,000 worker host names: its heap after a
 * full collection and its resident memory once every event is ingested, beside the same console fed
 * the same number of events with five names from eight workers, in the same run.
 */
final class ConsoleFloodBench {
  private static final Pattern COUNTED =
      Pattern.compile(
          "(?m)^fennel_monitor_events_(?:ingested|rejected|malformed)_total(?:\\{[^}]*})? ([0-9.eE+]+)");
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final Pattern GENERATION =
      Pattern.compile(
          "^\\s*(DefNew|Tenured|def new generation|tenured generation|garbage-first heap"
              + "|PSYoungGen|ParOldGen)");

  private static final Pattern PORT = Pattern.compile("http://[^:]+:(\\d+)/");

  /** The console's log, kept for a look after the run. */
  private static final Path LOG = Path.of("bench", "target", "console-flood.log");

  private static final int BATCH = 30;
  private static final int AHEAD = 100_000;

  private ConsoleFloodBench() {}

  private static int port(Process monitor) throws Exception {
    for (int i = 0; i < 600 && monitor.isAlive(); i++) {
      Matcher m = PORT.matcher(java.nio.file.Files.readString(LOG));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("./fennel monitor printed no address; see " + LOG);
  }

  static void run(int events, int names, int workers) throws Exception {
    double[] flood = measure(events, names, workers);
    double[] plain = measure(events, 5, 8);
    String what = String.format("%,d events, %,d names, %,d workers", events, names, workers);
    Benchmarks.report(
        "console heap after GC, " + what, flood[0], "MB", plain[0], "5 names, 8 workers");
    Benchmarks.report("console RSS, " + what, flood[1], "MB", plain[1], "5 names, 8 workers");
  }

  /** Heap used after a full GC and RSS, in MB, of a console fed {@code events} events. */
  private static double[] measure(int events, int names, int workers) throws Exception {
    Process monitor =
        new ProcessBuilder(
                Path.of("fennel").toAbsolutePath().toString(),
                "monitor",
                "--port",
                "0",
                "--broker",
                AmqpThroughputBench.URL)
            .redirectErrorStream(true)
            .redirectOutput(LOG.toFile())
            .start();
    try {
      int port = port(monitor);
      List<byte[]> bodies = generate(events / 4, names, workers, BATCH);
      publishPaced(bodies, port);
      while (counted(port) < events) {
        Thread.sleep(1_000); // a scrape a second, more often than Prometheus would
      }
      double heap = heapAfterGc(monitor.pid());
      double rss = ConsoleRssBench.rssKb(monitor.pid()) / 1024.0;
      System.out.printf(
          "# console flood: %,d events, %,d names, %,d workers: heap %.0f MB, RSS %.0f MB%n",
          events, names, workers, heap, rss);
      return new double[] {heap, rss};
    } finally {
      monitor.destroy();
      if (!monitor.waitFor(20, TimeUnit.SECONDS)) {
        monitor.destroyForcibly();
      }
    }
  }

  /**
   * Publishes in slices, each once the console has caught up to within {@value #AHEAD} events:
   * RabbitMQ drops event messages older than 5 s (Celery's event TTL), so a flood faster than the
   * console ingests would lose events rather than test holding them.
   */
  private static void publishPaced(List<byte[]> bodies, int port) throws Exception {
    try (Connection c = RawAmqp.connect()) {
      Channel ch = c.createChannel();
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .contentEncoding("utf-8")
              .deliveryMode(1)
              .build();
      long sent = 0;
      for (byte[] b : bodies) {
        boolean batch = b.length > 0 && b[0] == '[';
        ch.basicPublish("celeryev", batch ? "task.multi" : "task.sent", props, b);
        sent += batch ? BATCH : 1;
        if (sent % 20_000 < (batch ? BATCH : 1)) {
          while (counted(port) < sent - AHEAD) {
            Thread.sleep(200);
          }
        }
      }
    }
  }

  /** Four events per task (sent, received, started, succeeded), batched as workers send them. */
  static List<byte[]> generate(int tasks, int names, int workers, int batch) {
    List<byte[]> out = new ArrayList<>();
    List<Event> pending = new ArrayList<>();
    double ts = System.currentTimeMillis() / 1000.0 - tasks * 1e-4;
    long clock = 0;
    for (int i = 0; i < tasks; i++) {
      String id = UUID.randomUUID().toString();
      String name = "flood.task" + (i % names);
      String worker = "celery@flood-" + (i % workers);
      out.add(
          EventCodec.encode(
              new TaskSent(
                  EventFields.of("gen@client", 0, 1, ++clock, ts),
                  id,
                  id,
                  null,
                  name,
                  "(1, 2)",
                  "{}",
                  0,
                  null,
                  null,
                  "celery",
                  "",
                  "celery")));
      pending.add(
          new TaskReceived(
              EventFields.of(worker, 0, 100, ++clock, ts + 0.001),
              id,
              name,
              "(1, 2)",
              "{}",
              id,
              null,
              0,
              null,
              null));
      pending.add(new TaskStarted(EventFields.of(worker, 0, 100, ++clock, ts + 0.002), id));
      pending.add(
          new TaskSucceeded(EventFields.of(worker, 0, 100, ++clock, ts + 0.01), id, "3", 0.008));
      while (pending.size() >= batch) {
        out.add(EventCodec.encodeBatch(List.copyOf(pending.subList(0, batch))));
        pending.subList(0, batch).clear();
      }
      ts += 1e-4;
    }
    if (!pending.isEmpty()) {
      out.add(EventCodec.encodeBatch(pending));
    }
    return out;
  }

  /** Events the console has taken in, refused or found malformed, from its /metrics. */
  private static double counted(int port) throws Exception {
    return ConsoleRssBench.metricSum(port, COUNTED);
  }

  /** The heap in use after a full collection, in MB, read with jcmd. */
  private static double heapAfterGc(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, String.valueOf(pid), "GC.run");
    String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
    long usedKb = 0;
    for (String line : info.lines().toList()) {
      // the generations' lines; their spaces' lines (eden, from, to) repeat what they hold
      if (GENERATION.matcher(line).find()) {
        Matcher m = USED.matcher(line);
        if (m.find()) {
          usedKb += Long.parseLong(m.group(1));
        }
      }
    }
    if (usedKb == 0) {
      throw new IllegalStateException("jcmd GC.heap_info printed no heap use:\n" + info);
    }
    return usedKb / 1024.0;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }
}
