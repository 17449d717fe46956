package io.fennel.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.fennel.core.Fennel;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.url.Urls;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel worker}: loads an app's tasks, consumes its queues until told to stop, and exits 0
 * after a warm shutdown.
 *
 * <p>Stopping: the first SIGINT (Ctrl-C) or SIGTERM starts a warm shutdown (stop consuming, return
 * prefetched and scheduled messages to their queues, let running tasks finish); a second one starts
 * a cold shutdown (running tasks are interrupted; late-acked ones are requeued). The handlers are
 * installed through {@link Signals}; on a JVM without {@code sun.misc.Signal} a shutdown hook does
 * the warm shutdown instead and a second Ctrl-C is not distinguished.
 */
@Command(
    name = "worker",
    description = "Run a worker that executes tasks.",
    mixinStandardHelpOptions = true)
final class WorkerCommand implements Callable<Integer> {
  static final String DEFAULT_APP = "io.fennel.demo.DemoApp";

  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  /** Pool runtime and Celery-habit options (autoscale, statedb, -X, -O, --purge, ...). */
  @Mixin WorkerRuntimeOptions runtime;

  @Option(
      names = {"-A", "--app"},
      paramLabel = "CLASS",
      defaultValue = DEFAULT_APP,
      description =
          "Class whose tasks to run: implements io.fennel.cli.FennelApp, declares 'public static"
              + " void define(Fennel app)', or has @Task methods. Extra jars go on"
              + " $FENNEL_CLASSPATH. Default: ${DEFAULT-VALUE}.")
  String app;

  @Option(
      names = {"-Q", "--queues"},
      split = ",",
      paramLabel = "QUEUE",
      description =
          "Queues to consume, comma-separated. Default: task_queues, else task_default_queue"
              + " (celery).")
  List<String> queues = new ArrayList<>();

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "N",
      description = "Tasks run at once. Default: worker_concurrency (the number of CPUs).")
  Integer concurrency;

  @Option(
      names = {"-P", "--pool"},
      paramLabel = "POOL",
      converter = PoolConverter.class,
      defaultValue = "threads",
      description =
          "threads (default), virtual (a virtual thread per task), solo, or process (a child JVM"
              + " per slot; see docs/WORKER.md).")
  PoolType pool;

  @Option(
      names = {"-n", "--hostname"},
      paramLabel = "NAME",
      defaultValue = "fennel@%h",
      description = "Node name; %%h is the host name, %%n its first part, %%d the domain.")
  String hostname;

  @Option(
      names = {"-E", "--task-events"},
      description = "Send task events (worker_send_task_events) for monitors.")
  boolean taskEvents;

  @Option(
      names = {"-l", "--loglevel"},
      paramLabel = "LEVEL",
      description = "DEBUG, INFO, WARNING, ERROR or CRITICAL. Default: $FENNEL_LOG_LEVEL or INFO.")
  String loglevel;

  @Option(
      names = {"-B", "--beat"},
      description = "Also run the periodic task scheduler in this worker, as fennel beat does.")
  boolean beat;

  @Option(
      names = {"-s", "--schedule"},
      paramLabel = "PATH|URL",
      description = "With -B: where each entry's last run is kept (see fennel beat --schedule).")
  String schedule;

  @Option(
      names = "--detach",
      description =
          "Run in the background: start again as a new JVM that writes --pidfile and appends its"
              + " output to --logfile, then return.")
  boolean detach;

  @Option(
      names = "--pidfile",
      paramLabel = "PATH",
      description =
          "Write the worker's pid here and remove it at exit; refuse to start while it names a"
              + " running worker (a stale one is removed). %%n is the node name, %%h its host, %%I"
              + " empty. Default with --detach: %%n.pid.")
  String pidfile;

  @Option(
      names = {"-f", "--logfile"},
      paramLabel = "PATH",
      description =
          "Append the worker's output to this file (%%n, %%h, %%I as for --pidfile). Default with"
              + " --detach: %%n%%I.log.")
  String logfile;

  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicReference<Worker> running = new AtomicReference<>();
  private final AtomicInteger stopRequests = new AtomicInteger();

  /** Converts {@code -P} with {@link PoolType#parse}, whose message names the choices. */
  static final class PoolConverter implements CommandLine.ITypeConverter<PoolType> {
    @Override
    public PoolType convert(String value) {
      try {
        return PoolType.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    if (concurrency != null && concurrency < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "-c/--concurrency must be >= 1, was " + concurrency);
    }
    String node = WorkerOptions.expandHostname(hostname, Fennel.localHostname());
    if (detach) {
      return detached(node);
    }
    if (logfile != null) {
      NodeFiles.redirectOutput(java.nio.file.Path.of(NodeFiles.expand(logfile, node)));
    }
    PidFile pid =
        pidfile == null
            ? null
            : new PidFile(java.nio.file.Path.of(NodeFiles.expand(pidfile, node)));
    if (pid != null) {
      pid.removeIfStale();
      pid.claim(ProcessHandle.current().pid());
    }
    try {
      return runWorker();
    } finally {
      if (pid != null) {
        pid.delete();
      }
    }
  }

  private Integer detached(String node) {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    args = new ArrayList<>(args.subList(args.indexOf("worker"), args.size()));
    java.nio.file.Path pf =
        java.nio.file.Path.of(
            NodeFiles.expand(pidfile != null ? pidfile : NodeFiles.DEFAULT_PIDFILE, node));
    java.nio.file.Path lf =
        java.nio.file.Path.of(
            NodeFiles.expand(logfile != null ? logfile : NodeFiles.DEFAULT_LOGFILE, node));
    long child = NodeFiles.detach(args, pf, lf);
    spec.commandLine()
        .getOut()
        .println(
            "worker "
                + node
                + " runs detached: pid "
                + child
                + ", pidfile "
                + pf.toAbsolutePath()
                + ", logfile "
                + lf.toAbsolutePath());
    return 0;
  }

  private Integer runWorker() throws InterruptedException {
    Level level = loglevel == null ? null : parseLevel(loglevel);
    if (level != null) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }
    CliEnvironment env = root.environment();
    try (Fennel fennel =
        brokerOptions.app(
            env,
            b -> {
              if (concurrency != null) {
                b.workerConcurrency(concurrency);
              }
              if (taskEvents) {
                b.workerSendTaskEvents(true);
              }
              runtime.configure(b);
            })) {
      AppLoader.define(fennel, app, env);
      FennelConfig c = fennel.config();
      WorkerOptions options =
          new WorkerOptions(
              WorkerOptions.expandHostname(hostname, fennel.hostname()),
              !queues.isEmpty()
                  ? queues
                  : c.taskQueues().isEmpty() ? List.of(c.taskDefaultQueue()) : c.taskQueues(),
              pool,
              c.workerConcurrency(),
              c.workerPrefetchMultiplier(),
              c.workerSendTaskEvents());
      options = runtime.apply(spec.commandLine(), options, fennel, app, env);
      Worker worker = fennel.worker(options);
      AutoCloseable embeddedBeat =
          beat
              ? EmbeddedBeat.start(
                  fennel,
                  app,
                  env,
                  BeatCommand.settingsFile(brokerOptions, env),
                  schedule,
                  null,
                  false,
                  spec.commandLine().getOut())
              : () -> {};
      worker.control().keepClockInStateDb(fennel.clock());
      AutoCloseable agent = attachAgent(fennel, worker);
      List<Signals.Restore> restore = installStopHandlers(worker);
      try {
        worker.start();
        running.set(worker);
        banner(spec.commandLine().getOut(), fennel, worker);
        started.countDown();
        while (!worker.awaitStopped(Duration.ofDays(1))) {
          // keep waiting: only a shutdown ends the worker
        }
      } finally {
        restore.forEach(Signals.Restore::restore);
        closeQuietly(embeddedBeat);
        closeQuietly(agent);
      }
      spec.commandLine().getOut().println("worker " + worker.hostname() + " stopped.");
      return 0;
    }
  }

  /**
   * Attaches the worker agent (events, heartbeats, remote control) before the worker starts; task
   * events follow {@code -E} / {@code worker_send_task_events}. The agent is closed after the
   * worker stops, which sends {@code worker-offline}.
   */
  AutoCloseable attachAgent(Fennel fennel, Worker worker) {
    return io.fennel.agent.WorkerAgent.attach(
        fennel, worker, io.fennel.agent.AgentOptions.DEFAULTS);
  }

  /**
   * Asks the running worker to stop, as a signal would: the first request is a warm shutdown, the
   * second a cold one. Does nothing before the worker has started.
   */
  void requestStop() {
    Worker w = running.get();
    if (w == null) {
      return;
    }
    if (stopRequests.incrementAndGet() == 1) {
      spec.commandLine()
          .getErr()
          .println(
              "fennel: warm shutdown of "
                  + w.hostname()
                  + ": finishing running tasks (press Ctrl-C again for a cold shutdown)");
      w.shutdown();
    } else {
      spec.commandLine()
          .getErr()
          .println("fennel: cold shutdown of " + w.hostname() + ": interrupting running tasks");
      w.shutdownNow();
    }
  }

  /** Waits until the worker has started consuming (for tests and embedding). */
  boolean awaitStarted(Duration timeout) throws InterruptedException {
    return started.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private List<Signals.Restore> installStopHandlers(Worker worker) {
    List<Signals.Restore> restore = new ArrayList<>();
    for (String signal : List.of("INT", "TERM")) {
      Signals.handle(signal, this::requestStop).ifPresent(restore::add);
    }
    if (restore.isEmpty()) {
      Thread hook =
          Thread.ofPlatform()
              .name("fennel-shutdown-hook")
              .unstarted(() -> {
                worker.shutdown();
                try {
                  worker.awaitStopped(Duration.ofMinutes(10));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(hook);
      restore.add(() -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down
        }
      });
    }
    return restore;
  }

  private static void banner(PrintWriter out, Fennel fennel, Worker worker) {
    FennelConfig c = fennel.config();
    WorkerOptions o = worker.options();
    out.println("fennel " + FennelVersion.version() + " worker " + o.hostname());
    out.println("  broker:      " + Urls.maskPassword(c.brokerUrl()));
    out.println(
        "  results:     "
            + (c.resultBackend() == null ? "disabled" : Urls.maskPassword(c.resultBackend())));
    out.println("  queues:      " + String.join(", ", o.queues()));
    out.println("  pool:        " + o.pool().wireName() + " x" + o.concurrency());
    out.println("  prefetch:    " + o.prefetch());
    out.println("  task events: " + (o.sendTaskEvents() ? "on" : "off"));
    out.println("  tasks:");
    worker.registry().names().stream().sorted().forEach(n -> out.println("    . " + n));
    out.println("ready; Ctrl-C for a warm shutdown.");
    out.flush();
  }

  static Level parseLevel(String name) {
    return switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE" -> Level.TRACE;
      case "DEBUG" -> Level.DEBUG;
      case "INFO" -> Level.INFO;
      case "WARN", "WARNING" -> Level.WARN;
      case "ERROR", "CRITICAL", "FATAL" -> Level.ERROR;
      default ->
          throw new IllegalArgumentException(
              "unknown log level '" + name + "'; choose DEBUG, INFO, WARNING, ERROR or CRITICAL");
    };
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LoggerFactory.getLogger(WorkerCommand.class).warn("closing {} failed", c, e);
    }
  }
}
