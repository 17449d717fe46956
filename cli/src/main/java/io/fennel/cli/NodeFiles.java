package io.fennel.cli;

import io.fennel.core.error.FennelException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker node's pidfile and logfile: their {@code %} patterns, as Celery expands them ({@code %n}
 * the node's name before the {@code @}, {@code %h} the host after it, {@code %p} the full node
 * name, {@code %d} the host's domain, {@code %i} the process index {@code 0} and {@code %I} empty,
 * since a Fennel worker is one process), and how {@code --detach} turns into a child JVM.
 */
final class NodeFiles {
  static final String DEFAULT_PIDFILE = "%n.pid";
  static final String DEFAULT_LOGFILE = "%n%I.log";

  private NodeFiles() {}

  /** Expands {@code pattern} for the node {@code node} ({@code name@host}). */
  static String expand(String pattern, String node) {
    int at = node.indexOf('@');
    String name = at < 0 ? node : node.substring(0, at);
    String host = at < 0 ? "" : node.substring(at + 1);
    int dot = host.indexOf('.');
    String domain = dot < 0 ? "" : host.substring(dot + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        out.append(c);
        continue;
      }
      char k = pattern.charAt(++i);
      switch (k) {
        case 'n' -> out.append(name);
        case 'h' -> out.append(host);
        case 'p' -> out.append(node);
        case 'd' -> out.append(domain);
        case 'i' -> out.append('0');
        case 'I' -> {}
        case '%' -> out.append('%');
        default -> out.append('%').append(k);
      }
    }
    return out.toString();
  }

  /**
   * Starts the worker again in the background and returns when it runs: {@code original} are the
   * command-line arguments (from {@code worker}), given again without {@code --detach}, with the
   * expanded absolute pidfile, the output appended to the logfile.
   */
  static long detach(List<String> original, Path pidfile, Path logfile) {
    PidFile pf = new PidFile(pidfile);
    pf.live()
        .ifPresent(p -> {
          throw new FennelException(
              "pidfile "
                  + pidfile
                  + " names running process "
                  + p.pid()
                  + "; that node is already running");
        });
    pf.removeIfStale();
    List<String> args = new ArrayList<>();
    for (int i = 0; i < original.size(); i++) {
      String a = original.get(i);
      if (a.equals("--detach")) {
        continue;
      }
      if (a.equals("--logfile") || a.equals("--pidfile")) {
        i++;
        continue;
      }
      if (a.startsWith("--logfile=") || a.startsWith("--pidfile=")) {
        continue;
      }
      args.add(a);
    }
    args.add("--pidfile");
    args.add(pidfile.toAbsolutePath().toString());
    return Detach.start(args, pf, logfile.toAbsolutePath());
  }

  /** Sends this process's standard output and error to {@code logfile} (appending). */
  static void redirectOutput(Path logfile) {
    try {
      Path dir = logfile.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      PrintStream ps =
          new PrintStream(
              new FileOutputStream(logfile.toFile(), true), true, StandardCharsets.UTF_8);
      System.setOut(ps);
      System.setErr(ps);
    } catch (IOException e) {
      throw new FennelException(
          "cannot open logfile " + logfile + " (" + e + "); check the path", e);
    }
  }
}
