package io.fennel.core.worker;

import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's current pool and how it is replaced: it builds pools of the worker's kind (threads
 * shared across replacements so their numbers never repeat; children for a process pool), swaps in
 * a fresh one for a memory recycle or {@code pool_restart}, and runs the {@link Autoscaler} when
 * the worker was started with {@code --autoscale}.
 */
final class PoolHolder {
  private static final Logger log = LoggerFactory.getLogger(PoolHolder.class);

  private final String node;
  private final IntFunction<WorkerPool> factory;
  private final Autoscaler autoscaler;
  private volatile WorkerPool pool;

  PoolHolder(WorkerDependencies deps, WorkerOptions options, Scheduler scheduler) {
    this.node = options.hostname();
    Integer maxTasks = deps.config().workerMaxTasksPerChild();
    Integer maxMemory = deps.config().workerMaxMemoryPerChild();
    ThreadFactory threads =
        options.pool() == PoolType.VIRTUAL
            ? FennelThreads.virtual("worker", node)
            : FennelThreads.platform("worker", node);
    this.factory =
        size ->
            new WorkerPool(
                options.pool(),
                size,
                node,
                threads,
                maxTasks == null ? 0 : maxTasks,
                deps.failures(),
                options.pool() == PoolType.PROCESS
                    ? new ProcessChildren(
                        options.childCommand(),
                        node,
                        maxMemory == null ? null : maxMemory.longValue(),
                        deps.failures())
                    : null);
    Autoscale scale = options.autoscale();
    this.autoscaler =
        scale == null ? null : new Autoscaler(this::get, scheduler, node, options.autoscale());
    this.pool = factory.apply(scale == null ? options.concurrency() : Math.max(1, scale.min()));
  }

  WorkerPool get() {
    return pool;
  }

  /** Puts a fresh pool of the same size in place and returns the old one (still running). */
  synchronized WorkerPool swap() {
    WorkerPool old = pool;
    pool = factory.apply(old.size());
    return old;
  }

  /**
   * {@code pool_restart}: a fresh pool (new threads, or new child JVMs that load the task code
   * again) takes new tasks at once; the old one finishes what it holds and stops.
   */
  void restart() {
    WorkerPool old = swap();
    FennelThreads.start(
        "worker-restart",
        node,
        () -> {
          try {
            old.shutdownAndWait(Duration.ofDays(1));
            log.info("worker {} restarted its pool", node);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  Autoscaler autoscaler() {
    return autoscaler;
  }

  void startAutoscaler() {
    if (autoscaler != null) {
      autoscaler.start();
    }
  }

  void stopAutoscaler() {
    if (autoscaler != null) {
      autoscaler.stop();
    }
  }
}
