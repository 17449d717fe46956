package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.worker.Autoscale;
import io.fennel.core.worker.ChildCommand;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.WorkerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code fennel worker} options for the pool's runtime and the ones Celery users type out of
 * habit: {@code --autoscale}, {@code --statedb}, {@code -X}, {@code -O}, {@code --purge}, {@code
 * --max-tasks-per-child}, {@code --max-memory-per-child} and the {@code --without-*} switches.
 * {@link #apply} turns them into {@link WorkerOptions}; options Fennel has nothing to do for are
 * accepted and explained in the log.
 */
final class WorkerRuntimeOptions {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntimeOptions.class);

  @Option(
      names = "--autoscale",
      paramLabel = "MAX,MIN",
      description = "Grow the pool up to MAX while tasks wait, shrink it to MIN when idle.")
  String autoscale;

  @Option(
      names = {"-S", "--statedb"},
      paramLabel = "FILE",
      description = "Keep revoked task ids (and the clock) in FILE across restarts.")
  Path statedb;

  @Option(
      names = {"-X", "--exclude-queues"},
      split = ",",
      paramLabel = "QUEUE",
      description = "Queues not to consume, comma-separated (taken out of -Q or the default).")
  List<String> excludeQueues = new ArrayList<>();

  @Option(
      names = "-O",
      paramLabel = "PROFILE",
      description =
          "Scheduling profile: fair or default (Fennel always hands a task to a free slot).")
  String optimization;

  @Option(names = "--purge", description = "Delete every waiting message of the queues first.")
  boolean purge;

  @Option(
      names = "--max-tasks-per-child",
      paramLabel = "N",
      description = "worker_max_tasks_per_child: replace a pool thread or child after N tasks.")
  Integer maxTasksPerChild;

  @Option(
      names = "--max-memory-per-child",
      paramLabel = "KIB",
      description = "worker_max_memory_per_child: replace a child above KIB resident memory.")
  Integer maxMemoryPerChild;

  @Option(names = "--without-heartbeat", description = "Accepted for Celery; see the log.")
  boolean withoutHeartbeat;

  @Option(names = "--without-mingle", description = "Accepted for Celery; Fennel does not mingle.")
  boolean withoutMingle;

  @Option(names = "--without-gossip", description = "Accepted for Celery; Fennel does not gossip.")
  boolean withoutGossip;

  /** Settings these options override (call inside the config builder). */
  void configure(io.fennel.core.config.FennelConfigBuilder b) {
    if (maxTasksPerChild != null) {
      b.workerMaxTasksPerChild(maxTasksPerChild);
    }
    if (maxMemoryPerChild != null) {
      b.workerMaxMemoryPerChild(maxMemoryPerChild);
    }
  }

  /**
   * The worker options with these applied: queues minus {@code -X}, the child command of a process
   * pool, autoscale bounds and the state file; purges the queues when asked.
   *
   * @throws CommandLine.ParameterException for a bad value, naming it
   */
  WorkerOptions apply(
      CommandLine cmd, WorkerOptions o, Fennel fennel, String appClass, CliEnvironment env) {
    List<String> queues = new ArrayList<>(o.queues());
    queues.removeAll(excludeQueues);
    if (queues.isEmpty()) {
      throw new CommandLine.ParameterException(
          cmd, "-X/--exclude-queues " + excludeQueues + " leaves no queue to consume; drop one");
    }
    if (optimization != null && !List.of("fair", "default").contains(optimization)) {
      throw new CommandLine.ParameterException(
          cmd, "-O takes fair or default, was '" + optimization + "'");
    }
    Autoscale scale;
    try {
      scale = autoscale == null ? null : Autoscale.parse(autoscale);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    ChildCommand child =
        o.pool() == PoolType.PROCESS
            ? ChildCommand.java(ChildMain.class.getName(), List.of(appClass), childEnv(fennel))
            : null;
    WorkerOptions out =
        new WorkerOptions(
                o.hostname(),
                queues,
                o.pool(),
                o.concurrency(),
                o.prefetchMultiplier(),
                o.sendTaskEvents(),
                child,
                null,
                statedb)
            .withAutoscale(scale);
    explain();
    if (purge) {
      for (String q : queues) {
        long n = fennel.unsafe().broker().purge(q);
        log.info("--purge: deleted {} message(s) from queue {}", n, q);
      }
    }
    return out;
  }

  private void explain() {
    if ("fair".equals(optimization)) {
      log.info(
          "-O fair: Fennel already schedules fairly: a prefetched task waits in the worker and"
              + " goes to the next free pool slot, never to a busy one");
    }
    if (withoutHeartbeat) {
      log.info(
          "--without-heartbeat: worker-heartbeat events are still sent, since monitors (the"
              + " console, celery events) mark a worker offline without them");
    }
    if (withoutMingle) {
      log.info("--without-mingle: Fennel workers do not mingle at start; nothing to turn off");
    }
    if (withoutGossip) {
      log.info("--without-gossip: Fennel workers do not gossip; nothing to turn off");
    }
  }

  /** The settings a child needs to send tasks of its own, passed through its environment. */
  private static Map<String, String> childEnv(Fennel fennel) {
    FennelConfig c = fennel.config();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FENNEL_BROKER_URL", c.brokerUrl());
    if (c.resultBackend() != null) {
      env.put("FENNEL_RESULT_BACKEND", c.resultBackend());
    }
    return env;
  }
}
