package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.error.FennelException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code fennel multi}: starts and stops several detached workers on this machine by their
 * pidfiles, as {@code celery multi}: {@code start}, {@code stop} (SIGTERM, a warm shutdown, without
 * waiting), {@code stopwait} (the same, waiting until each has finished its tasks and exited),
 * {@code restart} (stopwait, then start), {@code kill} (SIGKILL) and {@code show} (the command each
 * node runs).
 */
@Command(
    name = "multi",
    description = {
      "Start and stop several workers: fennel multi start|stop|stopwait|restart|kill|show NAMES..."
          + " [worker options].",
      "NAMES are node names (w1, w1@%%h) or a count (3); options go to every worker, -OPT:NAME"
          + " VALUE to one (-c:w1 4, -Q:w2 slow).",
      "--pidfile and --logfile take %%n (the name before the @), %%h (the host after it), %%p"
          + " (the full node name), %%d (the host's domain), %%i (0) and %%I (empty); defaults"
          + " %%n.pid and"
          + " %%n%%I.log."
    })
final class MultiCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Unmatched List<String> args = new ArrayList<>();

  /** What {@code multi} can do to its nodes. */
  enum Action {
    START,
    STOP,
    STOPWAIT,
    RESTART,
    KILL,
    SHOW
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (args.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "say what to do: fennel multi start|stop|stopwait|restart|kill|show");
    }
    if (args.get(0).equals("-h") || args.get(0).equals("--help")) {
      spec.commandLine().usage(out);
      out.flush();
      return 0;
    }
    Action action;
    try {
      action = Action.valueOf(args.get(0).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "unknown action '"
              + args.get(0)
              + "'; choose start, stop, stopwait, restart, kill or show");
    }
    List<MultiNodes.Node> nodes =
        MultiNodes.parse(args.subList(1, args.size()), Fennel.localHostname());
    boolean ok = true;
    for (MultiNodes.Node n : nodes) {
      ok &=
          switch (action) {
            case START -> start(n, out);
            case STOP -> stop(n, out, false, false);
            case STOPWAIT -> stop(n, out, true, false);
            case KILL -> stop(n, out, false, true);
            case RESTART -> stop(n, out, true, false) && start(n, out);
            case SHOW -> show(n, out);
          };
    }
    out.flush();
    return ok ? 0 : 1;
  }

  private static boolean show(MultiNodes.Node n, PrintWriter out) {
    out.println(String.join(" ", Detach.command(withPidfile(n))));
    return true;
  }

  private static List<String> withPidfile(MultiNodes.Node n) {
    List<String> a = new ArrayList<>(n.workerArgs());
    a.add("--pidfile");
    a.add(n.pidfile().toString());
    return a;
  }

  private static boolean start(MultiNodes.Node n, PrintWriter out) {
    PidFile pid = n.pid();
    Optional<ProcessHandle> running = pid.live();
    if (running.isPresent()) {
      out.println("> " + n.name() + ": already running (pid " + running.get().pid() + ")");
      return true;
    }
    if (pid.removeIfStale()) {
      out.println("> " + n.name() + ": removed stale pidfile " + n.pidfile());
    }
    out.print("> Starting node " + n.name() + ": ");
    out.flush();
    try {
      long child = Detach.start(withPidfile(n), pid, n.logfile());
      out.println("OK (pid " + child + ", log " + n.logfile() + ")");
      return true;
    } catch (FennelException e) {
      out.println("FAILED");
      out.println("  " + e.getMessage().replace("\n", "\n  "));
      return false;
    }
  }

  private static boolean stop(MultiNodes.Node n, PrintWriter out, boolean wait, boolean kill) {
    PidFile pid = n.pid();
    Optional<ProcessHandle> running = pid.live();
    if (running.isEmpty()) {
      if (pid.removeIfStale()) {
        out.println("> " + n.name() + ": not running (removed stale pidfile " + n.pidfile() + ")");
      } else {
        out.println("> " + n.name() + ": not running");
      }
      return true;
    }
    ProcessHandle p = running.get();
    if (kill) {
      p.destroyForcibly();
      out.println("> Killing node " + n.name() + " (pid " + p.pid() + "): SIGKILL sent");
      awaitExit(p, 30);
      pid.delete();
      return true;
    }
    p.destroy();
    out.println(
        "> Stopping node " + n.name() + " (pid " + p.pid() + "): SIGTERM sent (warm shutdown)");
    if (wait) {
      out.print("> Waiting for " + n.name() + " to finish its tasks");
      out.flush();
      while (!awaitExit(p, 2)) {
        out.print(".");
        out.flush();
      }
      pid.removeIfStale();
      out.println(" stopped");
    }
    return true;
  }

  private static boolean awaitExit(ProcessHandle p, int seconds) {
    try {
      p.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !p.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
