package io.fennel.core.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a process-pool worker starts one child JVM: the command line and extra environment. {@link
 * #java} builds the usual one: this JVM's {@code java}, its classpath, {@code
 * $FENNEL_CHILD_JAVA_OPTS} (default a small, quick-starting heap setup), then a main class that
 * loads the app and calls {@link ProcessChild#serveStdio}.
 */
public record ChildCommand(List<String> command, Map<String, String> environment) {
  /** JVM options for a child when {@code FENNEL_CHILD_JAVA_OPTS} is not set. */
  public static final List<String> DEFAULT_JAVA_OPTS =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  public ChildCommand {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a child command needs at least the program to run");
    }
  }

  /**
   * {@code java [opts] -cp <this JVM's classpath> mainClass args...}.
   *
   * @param environment extra variables for the child (e.g. the broker URL, so tasks in the child
   *     can send tasks); the child inherits the rest of this process's environment
   */
  public static ChildCommand java(
      String mainClass, List<String> args, Map<String, String> environment) {
    List<String> cmd = new ArrayList<>();
    cmd.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String opts = System.getenv("FENNEL_CHILD_JAVA_OPTS");
    if (opts == null || opts.isBlank()) {
      cmd.addAll(DEFAULT_JAVA_OPTS);
    } else {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return new ChildCommand(cmd, environment);
  }
}
