package io.fennel.core.worker;

import io.fennel.core.ratelimit.RateLimit;
import io.fennel.protocol.control.Signal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the worker agent calls to steer and inspect a running {@link Worker}, one method per control
 * or inspect command: revoke, rate and time limits, pool size, consumers, shutdown, and the views
 * of active, reserved, scheduled and revoked tasks and the worker's counters. Every method is safe
 * to call from any thread.
 */
public final class WorkerControl {
  private final Worker worker;
  private final WorkerDependencies deps;
  private final HeldTasks held;
  private final Revocations revocations;
  private final EtaTimer etaTimer;
  private final RateLimits rateLimits;
  private final TimeLimits timeLimits;
  private final StateDb stateDb;

  WorkerControl(
      Worker worker,
      WorkerDependencies deps,
      HeldTasks held,
      Revocations revocations,
      EtaTimer etaTimer,
      RateLimits rateLimits,
      TimeLimits timeLimits,
      StateDb stateDb) {
    this.stateDb = stateDb;
    this.worker = worker;
    this.deps = deps;
    this.held = held;
    this.revocations = revocations;
    this.etaTimer = etaTimer;
    this.rateLimits = rateLimits;
    this.timeLimits = timeLimits;
  }

  /**
   * Revokes tasks: they never run if they have not started; with {@code terminate}, running ones
   * are interrupted and end REVOKED.
   *
   * @param signal a signal name or number ({@code SIGTERM}, {@code KILL}, {@code 2}); any of them
   *     interrupts the task's thread, SIGKILL on a process pool kills its child; one that is not a
   *     standard signal is read as SIGTERM
   * @return the ids that were running and were terminated
   */
  public List<String> revoke(Collection<String> ids, boolean terminate, String signal) {
    int signum = Signal.find(signal).orElse(Signal.SIGTERM).number();
    List<String> terminated = new ArrayList<>();
    for (String id : ids) {
      revocations.add(id);
      etaTimer.cancel(id).ifPresent(r -> worker.discard(r, false));
      TaskRequest running = held.activeById(id);
      if (terminate && running != null && running.terminate(signum)) {
        terminated.add(id);
      }
    }
    return terminated;
  }

  /**
   * Keeps {@code clock} (the app's Lamport clock) in the {@code --statedb} file with the revoked
   * ids, and moves it forward to the value saved there; does nothing without a state file.
   */
  public void keepClockInStateDb(io.fennel.protocol.clock.LamportClock clock) {
    if (stateDb != null) {
      stateDb.keepClock(clock);
    }
  }

  /** The ids revoked and remembered (at most 50,000, for 3 hours). */
  public List<String> revokedIds() {
    return revocations.ids();
  }

  /**
   * Sets a task's rate limit at runtime.
   *
   * @throws IllegalArgumentException for an unknown task
   * @throws io.fennel.core.error.ConfigException for a bad rate
   */
  public void setRateLimit(String taskName, String rate) {
    requireKnown(taskName);
    rateLimits.set(taskName, RateLimit.parse("rate limit for " + taskName, rate));
  }

  /** The rate limit in force for a task. */
  public RateLimit rateLimit(String taskName) {
    return rateLimits.get(taskName);
  }

  /**
   * Sets a task's time limits at runtime (seconds; null for none), as the {@code time_limit}
   * control command does.
   *
   * @throws IllegalArgumentException for an unknown task or a limit that is not positive
   */
  public void setTimeLimit(String taskName, Double soft, Double hard) {
    requireKnown(taskName);
    if (soft != null && hard != null && soft > hard) {
      throw new IllegalArgumentException(
          "soft time limit (" + soft + ") must not exceed the hard one (" + hard + ")");
    }
    timeLimits.set(taskName, soft, hard);
  }

  /** Soft and hard limits set at runtime for a task ({@code [soft, hard]}, nulls for none). */
  public Double[] timeLimit(String taskName) {
    TimeLimits.Limits l = timeLimits.runtime(taskName);
    return l == null ? new Double[] {null, null} : new Double[] {l.soft(), l.hard()};
  }

  private void requireKnown(String taskName) {
    if (deps.registry().find(taskName).isEmpty()) {
      throw new IllegalArgumentException(
          "unknown task " + taskName + "; this worker knows " + deps.registry().names());
    }
  }

  /** Grows the pool by {@code n}; returns the new size. */
  public int poolGrow(int n) {
    WorkerPool pool = worker.pool();
    pool.resize(pool.size() + n);
    return pool.size();
  }

  /** Shrinks the pool by {@code n}; returns the new size. */
  public int poolShrink(int n) {
    WorkerPool pool = worker.pool();
    pool.resize(pool.size() - n);
    return pool.size();
  }

  /**
   * Sets the autoscale bounds, as the {@code autoscale} command does: with {@code --autoscale} the
   * pool then grows and shrinks between them; a worker started without it is set to {@code max} at
   * once. Returns the pool size now.
   *
   * @throws IllegalArgumentException when {@code max < 1} or {@code min > max}
   */
  public int autoscale(int max, int min) {
    if (max < 1) {
      throw new IllegalArgumentException("autoscale max must be >= 1, was " + max);
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "autoscale min (" + min + ") must be <= max (" + max + ")");
    }
    Autoscaler a = worker.autoscaler();
    if (a != null) {
      a.setBounds(new Autoscale(max, Math.max(0, min)));
      return worker.pool().size();
    }
    WorkerPool pool = worker.pool();
    if (max != pool.size()) {
      pool.resize(max);
    }
    return pool.size();
  }

  /** The autoscale bounds in force, or null for a pool of fixed size. */
  public Autoscale autoscaleBounds() {
    Autoscaler a = worker.autoscaler();
    return a == null ? null : a.bounds();
  }

  /**
   * Restarts the pool ({@code pool_restart}): new threads, or new child JVMs for a process pool
   * (which load the task code from disk again); running tasks finish in the old pool.
   */
  public void poolRestart() {
    worker.restartPool();
  }

  public int poolSize() {
    return worker.pool().size();
  }

  public PoolType poolType() {
    return worker.pool().type();
  }

  /** Starts consuming one more queue (declared as Celery declares it); false if it already is. */
  public boolean addConsumer(String queue) {
    return worker.addConsumer(queue);
  }

  /**
   * Stops consuming a queue; false if it was not consumed. Messages already received are still run
   * and acknowledged; the consumer is closed when the worker stops.
   */
  public boolean cancelConsumer(String queue) {
    return worker.cancelConsumer(queue);
  }

  /** The queues consumed now. */
  public List<String> queues() {
    return worker.queues();
  }

  /** A warm shutdown, as {@link Worker#shutdown()}. */
  public void shutdown() {
    worker.shutdown();
  }

  /** Tasks running now. */
  public List<TaskRequest> active() {
    return held.active();
  }

  /** Tasks received and waiting for a pool slot or a rate-limit token. */
  public List<TaskRequest> reserved() {
    return held.reserved();
  }

  /** Tasks waiting for their ETA. */
  public List<TaskRequest> scheduled() {
    return etaTimer.requests();
  }

  /** Tasks run so far (any outcome). */
  public long processed() {
    return held.processed();
  }

  /** Tasks run so far by task name. */
  public Map<String, Long> processedByName() {
    return held.processedByName();
  }

  /** Pool threads given up on after a hard time limit, since start. */
  public long abandonedThreads() {
    return worker.pool().abandonedThreads();
  }

  /** Pool threads replaced after {@code worker_max_tasks_per_child} tasks, since start. */
  public long replacedThreads() {
    return worker.pool().replacedThreads();
  }

  /**
   * Times the pool (or, for a process pool, a child) was recycled for memory since start: {@code
   * worker_max_memory_per_child}.
   */
  public long memoryRecycles() {
    return worker.memoryRecycles() + processPoolStats().memoryRecycles();
  }

  /** What the process pool's children did; all zero for the other pools. */
  public ProcessPoolStats processPoolStats() {
    ProcessChildren children = worker.pool().children();
    return children == null ? ProcessPoolStats.NONE : children.stats();
  }

  /** The pids of the process pool's children now; empty for the other pools. */
  public List<Long> childPids() {
    ProcessChildren children = worker.pool().children();
    return children == null ? List.of() : children.pids();
  }

  /** CPU time used by the process pool's children (live and ended); zero for the other pools. */
  public java.time.Duration childrenCpu() {
    ProcessChildren children = worker.pool().children();
    return children == null ? java.time.Duration.ZERO : children.cpu();
  }

  /** Resource usage of the process pool's children (live and ended); zero for other pools. */
  public Rusage childrenRusage() {
    ProcessChildren children = worker.pool().children();
    return children == null ? Rusage.ZERO : children.rusage();
  }

  /** Resident memory of the largest process-pool child in KiB; 0 for the other pools. */
  public long childrenMaxRssKib() {
    ProcessChildren children = worker.pool().children();
    return children == null ? 0 : children.maxRssKib();
  }

  /** Failures beside user code (listeners, the pool) counted so far, by kind. */
  public Map<String, Long> failureCounts() {
    return deps.failures().counts();
  }
}
