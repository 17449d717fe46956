package io.fennel.cli;

import io.fennel.core.error.FennelException;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@code fennel} command in the background, as {@code fennel worker --detach} and {@code
 * fennel multi} do: a JVM cannot fork itself, so it starts a new {@code java} (this one's
 * executable, class path and {@code -X}/{@code -D} options) on {@code io.fennel.cli.FennelCommand}
 * with the given arguments, in a session of its own ({@code setsid}, so a Ctrl-C in the terminal
 * does not reach it), with standard input from {@code /dev/null} and output appended to the
 * logfile; then it waits until the child has written its pidfile.
 */
final class Detach {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private Detach() {}

  /** The command that runs {@code fennel ARGS} in a new JVM. */
  static List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-X") || a.startsWith("-D")) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FennelCommand.class.getName());
    cmd.addAll(args);
    return cmd;
  }

  /**
   * Starts {@code fennel ARGS} detached and waits until it wrote {@code pidfile} with its pid.
   *
   * @return the child's pid
   * @throws FennelException when it cannot start or exits first (with the log's last lines)
   */
  static long start(List<String> args, PidFile pidfile, Path logfile) {
    try {
      Path dir = logfile.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new FennelException("cannot create the folder of logfile " + logfile + " (" + e + ")");
    }
    ProcessBuilder pb =
        new ProcessBuilder(command(args))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logfile.toFile()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new FennelException("cannot start a detached fennel (" + e.getMessage() + ")", e);
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Long> written = pidfile.read();
      if (written.isPresent() && (written.get() == p.pid() || isDescendant(p, written.get()))) {
        return written.get();
      }
      if (!p.isAlive()) {
        throw new FennelException(
            "the detached fennel exited with status "
                + p.exitValue()
                + " before writing "
                + pidfile.path()
                + "; last lines of "
                + logfile
                + ":\n"
                + tail(logfile));
      }
      try {
        p.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FennelException("interrupted while starting a detached fennel");
      }
    }
    throw new FennelException(
        "the detached fennel (pid "
            + p.pid()
            + ") did not write "
            + pidfile.path()
            + " within "
            + STARTUP.toSeconds()
            + " s; see "
            + logfile);
  }

  private static boolean isDescendant(Process p, long pid) {
    return p.toHandle().descendants().anyMatch(h -> h.pid() == pid);
  }

  private static String tail(Path logfile) {
    try {
      List<String> lines = Files.readAllLines(logfile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(cannot read it: " + e.getMessage() + ")";
    }
  }
}
