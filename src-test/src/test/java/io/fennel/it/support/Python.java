package io.fennel.it.support;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs Debian's Python Celery 5.2.6 against the test's broker and backend. */
public final class Python {
  private Python() {}

  /** The folder holding the test's Python files ({@code fennel_interop.py} and scripts). */
  public static Path dir() {
    try {
      return Path.of(Python.class.getResource("/python/fennel_interop.py").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> env(String broker, String backend) {
    return Map.of(
        "FENNEL_IT_BROKER",
        broker,
        "FENNEL_IT_BACKEND",
        backend,
        "PYTHONPATH",
        dir().toString(),
        "PYTHONDONTWRITEBYTECODE",
        "1");
  }

  /** A Celery worker of {@code fennel_interop} consuming {@code queue}, named {@code node}. */
  public static Proc worker(
      String broker, String backend, String queue, String node, String... extra) {
    return worker(Map.of(), broker, backend, queue, node, extra);
  }

  /**
   * As {@link #worker(String, String, String, String, String...)} with more environment, e.g.
   * {@code FENNEL_IT_ACKS_LATE=1} for {@code task_acks_late}.
   */
  public static Proc worker(
      Map<String, String> extraEnv,
      String broker,
      String backend,
      String queue,
      String node,
      String... extra) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Services.PYTHON,
                "-m",
                "celery",
                "-A",
                "fennel_interop",
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
                "INFO",
                "--without-mingle",
                "--without-gossip"));
    cmd.addAll(List.of(extra));
    Map<String, String> env = new java.util.HashMap<>(env(broker, backend));
    env.putAll(extraEnv);
    return Proc.start("celery-worker-" + node, cmd, dir(), env);
  }

  /** Runs a Python script from the test folder and returns its process. */
  public static Proc script(String broker, String backend, String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Services.PYTHON, script));
    cmd.addAll(List.of(args));
    return Proc.start("python-" + script, cmd, dir(), env(broker, backend));
  }

  /** {@code celery -A fennel_interop <args>}, e.g. inspect ping. */
  public static Proc celery(String broker, String backend, String... args) {
    List<String> cmd =
        new ArrayList<>(List.of(Services.PYTHON, "-m", "celery", "-A", "fennel_interop"));
    cmd.addAll(List.of(args));
    return Proc.start("celery-cli", cmd, dir(), env(broker, backend));
  }
}
