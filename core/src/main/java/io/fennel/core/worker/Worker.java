package io.fennel.core.worker;

import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.Subscription;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: consumes task queues, holds future tasks in its {@link EtaTimer}, admits tasks through
 * per-task rate limits, runs them in its pool, and settles each run's {@link TaskOutcome}. Its life
 * is {@link #start()}, {@link #shutdown()} / {@link #shutdownNow()} and {@link #awaitStopped}; what
 * the worker agent steers and inspects remotely is its {@link #control()}.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  enum Phase {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final WorkerDependencies deps;
  private final WorkerOptions options;
  private final Scheduler scheduler;
  private final Listeners listeners;
  private final OutcomeHandler outcomes;
  private final TaskExecution execution;
  private final Intake intake;
  private final PoolHolder pools;
  private ConnectionWatch connectionWatch;
  private MemoryWatch memoryWatch;
  private final RateLimits rateLimits;
  private final TimeLimits timeLimits;
  private final Revocations revocations;
  private final StateDb stateDb;
  private final EtaTimer etaTimer;
  private final HeldTasks held = new HeldTasks();
  private final WorkerControl control;
  private final Set<String> abandonedIds = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
  private final Map<String, Subscription> consumers = new ConcurrentHashMap<>();
  private final List<Subscription> draining = new CopyOnWriteArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Instant startedAt;
  private volatile boolean cold;

  /**
   * @throws IllegalArgumentException for a process pool without a child command
   */
  public Worker(WorkerDependencies deps, WorkerOptions options) {
    if (options.pool() == PoolType.PROCESS && options.childCommand() == null) {
      throw new IllegalArgumentException(
          "the process pool needs to know how to start a child JVM; `fennel worker -P process`"
              + " sets it, code passes a ChildCommand (e.g. ChildCommand.java(mainClass, ...))");
    }
    this.deps = deps;
    this.options = options;
    this.scheduler = deps.scheduler();
    this.listeners = new Listeners(deps.failures());
    ResultWriter results = new ResultWriter(deps.backend(), scheduler, this::isRunning);
    this.outcomes = new OutcomeHandler(deps, options.hostname(), results, listeners);
    this.execution = new TaskExecution(this, deps, outcomes);
    this.intake = new Intake(this, deps, outcomes, listeners);
    this.pools = new PoolHolder(deps, options, scheduler);
    this.timeLimits = new TimeLimits(deps.config());
    this.rateLimits = new RateLimits(deps, this::submit);
    this.revocations = new Revocations(scheduler);
    this.stateDb =
        options.stateDb() == null
            ? null
            : new StateDb(options.stateDb(), revocations, scheduler, deps.failures());
    this.etaTimer = new EtaTimer(scheduler, new EtaAllowance(consumers::get, options.prefetch()));
    this.control =
        new WorkerControl(this, deps, held, revocations, etaTimer, rateLimits, timeLimits, stateDb);
    this.startedAt = scheduler.clock().instant();
  }

  /** Adds a listener (the worker agent); call before {@link #start()}. */
  public void addListener(WorkerListener l) {
    listeners.add(l);
  }

  /** What the worker agent calls to steer and inspect this worker (revoke, limits, pool, ...). */
  public WorkerControl control() {
    return control;
  }

  public String hostname() {
    return options.hostname();
  }

  public WorkerOptions options() {
    return options;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public io.fennel.core.task.TaskRegistry registry() {
    return deps.registry();
  }

  public io.fennel.core.config.FennelConfig config() {
    return deps.config();
  }

  public io.fennel.core.broker.Broker broker() {
    return deps.broker();
  }

  /** Where this worker's listener and pool failures are counted. */
  FailureHandler failures() {
    return deps.failures();
  }

  /** Declares and consumes the worker's queues. */
  public void start() {
    if (!phase.compareAndSet(Phase.NEW, Phase.RUNNING)) {
      throw new IllegalStateException("worker " + hostname() + " was started already");
    }
    if (stateDb != null) {
      stateDb.load();
    }
    pools.startAutoscaler();
    if (deps.config().workerCancelLongRunningTasksOnConnectionLoss()) {
      connectionWatch =
          new ConnectionWatch(
              deps.broker(),
              scheduler,
              held::active,
              r -> OutcomeHandler.acksLate(r, deps.config()));
      connectionWatch.start();
    }
    for (String q : options.queues()) {
      addConsumer(q);
    }
    log.info(
        "worker {} ready: queues {}, pool {} x{}, prefetch {}, tasks {}",
        hostname(),
        options.queues(),
        options.pool().wireName(),
        options.concurrency(),
        options.prefetch(),
        deps.registry().names());
    Integer maxMemory = deps.config().workerMaxMemoryPerChild();
    if (maxMemory != null && options.pool() != PoolType.PROCESS) {
      memoryWatch = new MemoryWatch(this, scheduler, maxMemory * 1024L, MemoryWatch::heapAfterGc);
      memoryWatch.start();
    }
    listeners.tell(l -> l.workerReady(this));
  }

  /**
   * Recycles the pool because heap in use stayed above {@code worker_max_memory_per_child}: stops
   * taking new tasks, lets the old pool finish what it holds, then starts a fresh pool and consumes
   * again. Messages held for their ETA stay held.
   */
  void recyclePool() {
    if (!isRunning()) {
      return;
    }
    List<String> queues = List.copyOf(consumers.keySet());
    queues.forEach(this::cancelConsumer);
    WorkerPool old = pools.swap();
    FennelThreads.start(
        "worker-recycle",
        hostname(),
        () -> {
          try {
            old.shutdownAndWait(Duration.ofDays(1));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          if (isRunning()) {
            queues.forEach(this::addConsumer);
            log.info("worker {} recycled its pool; consuming {} again", hostname(), queues);
          }
        });
  }

  /** Restarts the pool ({@code pool_restart}); see {@link PoolHolder#restart}. */
  void restartPool() {
    if (isRunning()) {
      pools.restart();
    }
  }

  /** The autoscaler, or null when the pool has a fixed size. */
  Autoscaler autoscaler() {
    return pools.autoscaler();
  }

  /** Times the pool was recycled for memory since start. */
  long memoryRecycles() {
    return memoryWatch == null ? 0 : memoryWatch.recycles();
  }

  /** Uses {@code heapAfterGc} instead of the JVM's figure (tests). */
  void watchMemory(long limitBytes, LongSupplier heapAfterGc) {
    memoryWatch = new MemoryWatch(this, scheduler, limitBytes, heapAfterGc);
    memoryWatch.start();
  }

  /** True once a cold shutdown began: interrupted tasks are not failures then. */
  boolean isColdShutdown() {
    return cold;
  }

  boolean isRunning() {
    return phase.get() == Phase.RUNNING;
  }

  WorkerPool pool() {
    return pools.get();
  }

  /** Starts consuming one more queue (declared as Celery declares it); false if it already is. */
  boolean addConsumer(String queue) {
    if (consumers.containsKey(queue)) {
      return false;
    }
    deps.producer().declareTaskQueue(queue);
    consumers.put(queue, deps.broker().consume(queue, options.prefetch(), this::onDelivery));
    return true;
  }

  /**
   * Stops consuming a queue; false if it was not consumed. Messages already received are still run
   * and acknowledged; the consumer is closed when the worker stops.
   */
  boolean cancelConsumer(String queue) {
    Subscription s = consumers.remove(queue);
    if (s == null) {
      return false;
    }
    s.cancel();
    draining.add(s);
    return true;
  }

  /** The queues consumed now. */
  List<String> queues() {
    return List.copyOf(consumers.keySet());
  }

  void onDelivery(Delivery d) {
    intake.accept(d);
  }

  /** Holds a request until its ETA, then admits it; a revoke can call it off. */
  void holdUntil(TaskRequest r, Instant eta) {
    etaTimer.hold(r, eta, this::admit);
  }

  void admit(TaskRequest r) {
    held.reserve(r);
    rateLimits.admit(r);
  }

  private void submit(TaskRequest r) {
    pools.get().submit(() -> execution.run(r));
  }

  boolean isRevoked(String id) {
    return revocations.contains(id);
  }

  boolean isExpired(TaskRequest r) {
    return r.message()
        .headers()
        .expiresInstant()
        .map(e -> !e.isAfter(scheduler.clock().instant()))
        .orElse(false);
  }

  /** A revoked or expired request that never ran: it ends REVOKED. */
  void discard(TaskRequest r, boolean expired) {
    held.unreserve(r);
    outcomes.settle(r, TaskOutcome.Revoked.before(expired));
  }

  /** Forgets a request whose delivery died with its channel before it started (see run). */
  void dropDead(TaskRequest r) {
    held.unreserve(r);
  }

  void markActive(TaskRequest r) {
    held.start(r);
  }

  void markDone(TaskRequest r) {
    held.finish(r);
  }

  /** The time limits a run of this request gets. */
  TimeLimits.Limits timeLimitsFor(TaskRequest r) {
    return timeLimits.of(r);
  }

  void abandon(TaskRequest r, Thread t) {
    abandonedIds.add(r.id());
    pools.get().abandon(t);
    markDone(r);
  }

  boolean wasAbandoned(TaskRequest r) {
    return abandonedIds.remove(r.id());
  }

  /**
   * Warm shutdown: stop consuming, return held (scheduled, waiting) messages to their queues and
   * let running tasks finish. Returns at once; {@link #awaitStopped} waits for the end.
   */
  public void shutdown() {
    if (!phase.compareAndSet(Phase.RUNNING, Phase.STOPPING)) {
      return;
    }
    log.info(
        "worker {} warm shutdown: finishing {} running task(s)", hostname(), held.activeCount());
    listeners.tell(l -> l.workerStopping(this));
    consumers.keySet().forEach(this::cancelConsumer);
    pools.stopAutoscaler();
    if (connectionWatch != null) {
      connectionWatch.stop();
    }
    if (memoryWatch != null) {
      memoryWatch.stop();
    }
    TaskOutcome stopping = new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.STOPPING);
    etaTimer.drain().forEach(r -> outcomes.settle(r, stopping));
    held.drainReserved().forEach(r -> outcomes.settle(r, stopping));
    FennelThreads.startUser(
        "worker-shutdown",
        hostname(),
        () -> {
          try {
            pools.get().shutdownAndWait(Duration.ofDays(1));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            if (stateDb != null) {
              stateDb.save();
            }
            draining.forEach(Subscription::close);
            phase.set(Phase.STOPPED);
            stopped.countDown();
          }
        });
  }

  /** Cold shutdown: as warm, but running tasks are interrupted and late-acked ones requeued. */
  public void shutdownNow() {
    cold = true;
    shutdown();
    log.info("worker {} cold shutdown", hostname());
    pools.get().shutdownNow();
  }

  /** Waits until a shutdown has finished. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Cold shutdown and wait. */
  @Override
  public void close() {
    if (phase.get() == Phase.NEW) {
      phase.set(Phase.STOPPED);
      stopped.countDown();
      return;
    }
    shutdown();
    try {
      if (!awaitStopped(Duration.ofSeconds(30))) {
        shutdownNow();
        awaitStopped(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
