package io.fennel.example.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python process of the test's Celery app ({@code spring_demo_peer.py}): a worker, or a client
 * script. Its output goes to a file read on demand; closing it kills the process and its children.
 */
final class PythonCelery implements AutoCloseable {
  private final Process process;
  private final Path log;

  private PythonCelery(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  private static Path dir() {
    try {
      return Path.of(PythonCelery.class.getResource("/python/spring_demo_peer.py").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PythonCelery start(String broker, String backend, List<String> command) {
    try {
      Path log = Files.createTempFile("spring-demo-python", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("SPRING_DEMO_BROKER", broker);
      pb.environment().put("SPRING_DEMO_BACKEND", backend);
      pb.environment().put("PYTHONPATH", dir().toString());
      pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
      return new PythonCelery(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** A Celery worker consuming {@code queue} as {@code node}, sending task events. */
  static PythonCelery worker(String broker, String backend, String queue, String node) {
    return start(
        broker,
        backend,
        List.of(
            Peers.PYTHON,
            "-m",
            "celery",
            "-A",
            "spring_demo_peer",
            "worker",
            "-Q",
            queue,
            "-n",
            node,
            "-P",
            "solo",
            "-l",
            "INFO",
            "-E",
            "--without-mingle",
            "--without-gossip"));
  }

  /** A script of the test's Python folder, with arguments. */
  static PythonCelery script(String broker, String backend, String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Peers.PYTHON, script));
    cmd.addAll(List.of(args));
    return start(broker, backend, cmd);
  }

  /** Waits for the process to end; its exit code, or -1 if it is still running. */
  int waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process has printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary file left behind; nothing to do
    }
  }
}
