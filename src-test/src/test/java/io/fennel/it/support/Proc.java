package io.fennel.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child process of a test (a Python Celery peer, a Fennel worker JVM) whose output is collected
 * line by line, and which is killed when the test ends.
 */
public final class Proc implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final String name;
  private final Thread reader;

  private Proc(String name, Process process) {
    this.name = name;
    this.process = process;
    reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<output closed: " + e + ">");
              }
            },
            "it-output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} in {@code dir} with extra environment; stderr joins stdout. */
  public static Proc start(String name, List<String> command, Path dir, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    try {
      return new Proc(name, pb.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
    }
  }

  /** A Fennel CLI in a fresh JVM on this test's classpath. */
  public static Proc fennel(String name, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.fennel.cli.FennelCommand");
    cmd.addAll(List.of(args));
    return start(name, cmd, null, env);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String output() {
    return String.join("\n", lines);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the process to end and returns its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not finish in " + timeout + "; output:\n" + output());
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** SIGKILL, as a crash would. */
  public void kill() {
    process.toHandle().destroyForcibly();
  }

  /** SIGTERM, as an operator stopping it would. */
  public void terminate() {
    process.toHandle().destroy();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
