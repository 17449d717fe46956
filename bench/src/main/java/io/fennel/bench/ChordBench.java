package io.fennel.bench;

import static io.fennel.core.canvas.Canvas.chord;

import io.fennel.core.Fennel;
import io.fennel.core.canvas.TaskSignature;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A chord of n no-op tasks, from sending the header to reading the body's result, on RabbitMQ with
 * the Redis result backend (db 13): Fennel's client and a Fennel worker ({@code -c 2}, threads),
 * beside Python Celery 5.2.6's client and worker ({@code -c 2}, prefork) in the same run. Both join
 * the chord in Redis the same way; each side runs one warm-up chord of 10 first.
 */
final class ChordBench {
  private ChordBench() {}

  static final String BROKER = "amqp://guest:guest@127.0.0.1:5672//";
  static final String BACKEND = "redis://127.0.0.1:6379/13";
  static final String PYTHON = "/usr/bin/python3";

  static void run(int n) throws Exception {
    double fennel = fennel(n);
    Double celery = celery(n);
    String name = "chord of " + String.format("%,d", n) + " no-op tasks, header to body (Fennel)";
    if (celery == null) {
      System.out.printf(
          "%-46s %12.3f s        | reference Celery skipped (no python3-celery)%n", name, fennel);
      return;
    }
    Benchmarks.report(name, fennel, "s", celery, "Celery 5.2.6, same chord, -c 2");
  }

  private static double fennel(int n) throws Exception {
    String queue = "bench.chord.fennel." + UUID.randomUUID();
    try (Fennel app = Fennel.builder().brokerUrl(BROKER).resultBackend(BACKEND).build()) {
      app.register("bench.noop", c -> null);
      app.register("bench.count", c -> c.args().get(0).size());
      Worker w =
          app.worker(
              new WorkerOptions(
                  "bench-chord@localhost", List.of(queue), PoolType.THREADS, 2, 4, false));
      w.start();
      try {
        timeChord(app, queue, 10);
        return timeChord(app, queue, n);
      } finally {
        w.shutdown();
        w.awaitStopped(Duration.ofSeconds(30));
        app.unsafe().broker().purge(queue);
      }
    }
  }

  private static double timeChord(Fennel app, String queue, int n) {
    TaskSignature noop = app.task("bench.noop").s().queue(queue);
    List<TaskSignature> header = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      header.add(noop);
    }
    long t0 = System.nanoTime();
    var r = chord(header, app.task("bench.count").s().queue(queue)).applyAsync();
    int got = r.get(Duration.ofMinutes(10)).asInt();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (got != n) {
      throw new IllegalStateException("the chord body counted " + got + " results, not " + n);
    }
    return seconds;
  }

  private static Double celery(int n) throws Exception {
    if (new ProcessBuilder(PYTHON, "-c", "import celery, redis").start().waitFor() != 0) {
      return null;
    }
    Path dir = Files.createTempDirectory("fennel-chord-bench");
    try (InputStream in = ChordBench.class.getResourceAsStream("/python/chord_bench.py")) {
      Files.copy(in, dir.resolve("chord_bench.py"), StandardCopyOption.REPLACE_EXISTING);
    }
    String queue = "bench.chord.celery." + UUID.randomUUID();
    Map<String, String> env =
        Map.of("BENCH_BROKER", BROKER, "BENCH_BACKEND", BACKEND, "PYTHONPATH", dir.toString());
    Process worker =
        start(
            dir,
            env,
            PYTHON,
            "-m",
            "celery",
            "-A",
            "chord_bench",
            "worker",
            "-Q",
            queue,
            "-c",
            "2",
            "-P",
            "prefork",
            "-l",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-n",
            "bench-chord-" + UUID.randomUUID() + "@localhost");
    try {
      Process client = start(dir, env, PYTHON, "chord_bench.py", Integer.toString(n), queue);
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!client.waitFor(10, TimeUnit.MINUTES) || client.exitValue() != 0) {
        throw new IllegalStateException("the Celery chord client failed:\n" + out);
      }
      for (String line : out.split("\n")) {
        if (line.startsWith("seconds ")) {
          return Double.parseDouble(line.substring(8).trim());
        }
      }
      throw new IllegalStateException("no timing from the Celery chord client:\n" + out);
    } finally {
      worker.destroy();
      if (!worker.waitFor(20, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  private static Process start(Path dir, Map<String, String> env, String... cmd)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    if (!cmd[1].equals("-m")) {
      return pb.start();
    }
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }
}
