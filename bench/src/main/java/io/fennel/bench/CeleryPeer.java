package io.fennel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python Celery 5.2.6 ({@code /usr/bin/python3 -m celery}) as the reference of the "x
 * Celery" figures: a prefork worker of the benchmark app, or one of its client scripts.
 */
final class CeleryPeer {
  static final String PYTHON = "/usr/bin/python3";
  private static final List<String> FILES =
      List.of("fennel_bench.py", "fennel_bench_send.py", "fennel_bench_roundtrip.py");
  private static Path dir;

  private CeleryPeer() {}

  /** Whether Celery can run here; the benchmarks print a skip line when it cannot. */
  static boolean available() {
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import celery").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static synchronized Path dir() throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("fennel-bench-python");
      for (String f : FILES) {
        try (InputStream in = CeleryPeer.class.getResourceAsStream("/python/" + f)) {
          Files.copy(in, dir.resolve(f));
        }
      }
    }
    return dir;
  }

  private static ProcessBuilder builder(String broker, String backend, List<String> cmd)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir().toFile());
    pb.environment().put("FENNEL_BENCH_BROKER", broker);
    pb.environment().put("FENNEL_BENCH_BACKEND", backend == null ? "" : backend);
    pb.environment().put("PYTHONPATH", dir().toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    return pb;
  }

  /** Starts {@code celery worker -c 2 -P prefork} on {@code queue}; its log goes to a file. */
  static Process worker(String broker, String backend, String queue, String node, boolean events)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                PYTHON,
                "-m",
                "celery",
                "-A",
                "fennel_bench",
                "worker",
                "-Q",
                queue,
                "-n",
                node,
                "-c",
                "2",
                "-P",
                "prefork",
                "-l",
                "WARNING",
                "--without-mingle",
                "--without-gossip"));
    if (events) {
      cmd.add("-E");
    }
    ProcessBuilder pb = builder(broker, backend, cmd);
    pb.redirectErrorStream(true).redirectOutput(dir().resolve(node + ".log").toFile());
    return pb.start();
  }

  /** Stops a worker started here: a warm shutdown (SIGTERM), then a kill after 20 s. */
  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Runs a client script to its end and returns its last line of output. */
  static String script(String broker, String backend, String script, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script));
    cmd.addAll(List.of(args));
    Process p = builder(broker, backend, cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("celery script " + script + " failed:\n" + out);
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1];
  }
}
