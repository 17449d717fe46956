package io.fennel.core.worker;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fennel.core.broker.Delivery;
import io.fennel.core.broker.Subscription;
import io.fennel.core.ratelimit.RateLimit;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: consumes task queues, holds future tasks in a timer, admits tasks through per-task rate
 * limits, runs them in its pool, and answers the control API (revoke, rate limits, pool size,
 * consumers, shutdown) that the worker agent exposes remotely.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /** Celery keeps at most this many revoked ids ... */
  static final int REVOKES_MAX = 50_000;

  /** ... for this long. */
  static final Duration REVOKES_EXPIRE = Duration.ofHours(3);

  enum Phase {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final WorkerDependencies deps;
  private final WorkerOptions options;
  private final Scheduler scheduler;
  private final Listeners listeners = new Listeners();
  private final ResultWriter results;
  private final TaskExecution execution;
  private final Intake intake;
  private volatile WorkerPool pool;
  private final java.util.function.IntFunction<WorkerPool> newPool;
  private MemoryWatch memoryWatch;
  private final RateLimits rateLimits;
  private final TimeLimits timeLimits;
  private final java.util.Set<String> abandonedIds = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);
  private final Map<String, Subscription> consumers = new ConcurrentHashMap<>();
  private final List<Subscription> draining = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, TaskRequest> reserved = new ConcurrentHashMap<>();
  private final Map<String, TaskRequest> active = new ConcurrentHashMap<>();
  private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();
  private final Cache<String, Boolean> revoked;
  private final Map<String, AtomicLong> processedByName = new ConcurrentHashMap<>();
  private final AtomicLong processed = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Instant startedAt;

  private record Scheduled(TaskRequest request, Scheduler.Cancellable timer) {}

  public Worker(WorkerDependencies deps, WorkerOptions options) {
    this.deps = deps;
    this.options = options;
    this.scheduler = deps.scheduler();
    this.results = new ResultWriter(deps.backend(), scheduler);
    this.execution = new TaskExecution(this, deps, results, listeners);
    this.intake = new Intake(this, deps, results, listeners);
    Integer maxTasks = deps.config().workerMaxTasksPerChild();
    this.newPool =
        size ->
            new WorkerPool(options.pool(), size, "fennel-worker-", maxTasks == null ? 0 : maxTasks);
    this.pool = newPool.apply(options.concurrency());
    this.timeLimits = new TimeLimits(deps.config());
    this.rateLimits = new RateLimits(deps, this::submit);
    this.revoked =
        Caffeine.newBuilder()
            .maximumSize(REVOKES_MAX)
            .expireAfterWrite(REVOKES_EXPIRE)
            .ticker(scheduler::nanoTime)
            .build();
    this.startedAt = scheduler.clock().instant();
  }

  /** Adds a listener (the worker agent); call before {@link #start()}. */
  public void addListener(WorkerListener l) {
    listeners.add(l);
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

  /** Declares and consumes the worker's queues. */
  public void start() {
    if (!phase.compareAndSet(Phase.NEW, Phase.RUNNING)) {
      throw new IllegalStateException("worker " + hostname() + " was started already");
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
    if (maxMemory != null) {
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
    WorkerPool old = pool;
    pool = newPool.apply(old.size());
    Thread.ofPlatform()
        .name("fennel-pool-recycle")
        .start(() -> {
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

  /** Times the pool was recycled for memory since start. */
  public long memoryRecycles() {
    return memoryWatch == null ? 0 : memoryWatch.recycles();
  }

  /** Uses {@code heapAfterGc} instead of the JVM's figure (tests). */
  void watchMemory(long limitBytes, java.util.function.LongSupplier heapAfterGc) {
    memoryWatch = new MemoryWatch(this, scheduler, limitBytes, heapAfterGc);
    memoryWatch.start();
  }

  private volatile boolean cold;

  /** True once a cold shutdown began: interrupted tasks are not failures then. */
  boolean isColdShutdown() {
    return cold;
  }

  boolean isRunning() {
    return phase.get() == Phase.RUNNING;
  }

  /** Starts consuming one more queue (declared as Celery declares it); false if it already is. */
  public boolean addConsumer(String queue) {
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
  public boolean cancelConsumer(String queue) {
    Subscription s = consumers.remove(queue);
    if (s == null) {
      return false;
    }
    s.cancel();
    draining.add(s);
    return true;
  }

  /** The queues consumed now. */
  public List<String> queues() {
    return List.copyOf(consumers.keySet());
  }

  void onDelivery(Delivery d) {
    intake.accept(d);
  }

  /** Holds a request until its ETA, then admits it; {@link #revoke} can call it off. */
  void holdUntil(TaskRequest r, Instant eta) {
    Instant now = scheduler.clock().instant();
    Scheduler.Cancellable timer =
        scheduler.schedule(
            () -> {
              if (scheduled.remove(r.id()) != null) {
                admit(r);
              }
            },
            Duration.between(now, eta));
    scheduled.put(r.id(), new Scheduled(r, timer));
  }

  void admit(TaskRequest r) {
    reserved.put(r.id(), r);
    rateLimits.admit(r);
  }

  private void submit(TaskRequest r) {
    pool.submit(() -> execution.run(r));
  }

  boolean isRevoked(String id) {
    return revoked.getIfPresent(id) != null;
  }

  boolean isExpired(TaskRequest r) {
    return r.message()
        .headers()
        .expiresInstant()
        .map(e -> !e.isAfter(scheduler.clock().instant()))
        .orElse(false);
  }

  void discardRevoked(TaskRequest r, boolean expired) {
    reserved.remove(r.id());
    results.store(
        r, "REVOKED", TaskExecution.revokedInfo(expired ? "expired" : "revoked"), null, true);
    listeners.tell(l -> l.taskRevoked(r, false, null, expired));
    r.ack();
    execution
        .followUps()
        .onRevoked(r.message(), TaskExecution.revokedInfo(expired ? "expired" : "revoked"));
    log.info("discarded {} task {}[{}]", expired ? "expired" : "revoked", r.name(), r.id());
  }

  void markActive(TaskRequest r) {
    reserved.remove(r.id());
    active.put(r.id(), r);
  }

  void markDone(TaskRequest r) {
    active.remove(r.id());
    processed.incrementAndGet();
    processedByName.computeIfAbsent(r.name(), k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * Revokes tasks: they never run if they have not started; with {@code terminate}, running ones
   * are interrupted and end REVOKED.
   *
   * @param signal "SIGTERM" (15) or "SIGKILL" (9); both interrupt the task's thread
   * @return the ids that were running and were terminated
   */
  public List<String> revoke(Collection<String> ids, boolean terminate, String signal) {
    int signum = "SIGKILL".equalsIgnoreCase(signal) || "9".equals(signal) ? 9 : 15;
    List<String> terminated = new ArrayList<>();
    for (String id : ids) {
      revoked.put(id, Boolean.TRUE);
      Scheduled s = scheduled.remove(id);
      if (s != null && s.timer().cancel()) {
        discardRevoked(s.request(), false);
      }
      TaskRequest running = active.get(id);
      if (terminate && running != null && running.terminate(signum)) {
        terminated.add(id);
      }
    }
    return terminated;
  }

  /** The ids revoked and remembered (at most 50,000, for 3 hours). */
  public List<String> revokedIds() {
    return List.copyOf(revoked.asMap().keySet());
  }

  /**
   * Sets a task's rate limit at runtime.
   *
   * @throws IllegalArgumentException for an unknown task
   * @throws io.fennel.core.config.ConfigException for a bad rate
   */
  public void setRateLimit(String taskName, String rate) {
    if (deps.registry().find(taskName).isEmpty()) {
      throw new IllegalArgumentException(
          "unknown task " + taskName + "; this worker knows " + deps.registry().names());
    }
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
    if (deps.registry().find(taskName).isEmpty()) {
      throw new IllegalArgumentException(
          "unknown task " + taskName + "; this worker knows " + deps.registry().names());
    }
    if (soft != null && hard != null && soft > hard) {
      throw new IllegalArgumentException(
          "soft time limit (" + soft + ") must not exceed the hard one (" + hard + ")");
    }
    timeLimits.set(taskName, soft, hard);
  }

  /** The time limits a run of this request gets. */
  TimeLimits.Limits timeLimitsFor(TaskRequest r) {
    return timeLimits.of(r);
  }

  /** Soft and hard limits set at runtime for a task ({@code [soft, hard]}, nulls for none). */
  public Double[] timeLimit(String taskName) {
    TimeLimits.Limits l = timeLimits.runtime(taskName);
    return l == null ? new Double[] {null, null} : new Double[] {l.soft(), l.hard()};
  }

  void abandon(TaskRequest r, Thread t) {
    abandonedIds.add(r.id());
    pool.abandon(t);
    markDone(r);
  }

  boolean wasAbandoned(TaskRequest r) {
    return abandonedIds.remove(r.id());
  }

  /** Pool threads given up on after a hard time limit, since start. */
  public long abandonedThreads() {
    return pool.abandonedThreads();
  }

  /** Pool threads replaced after {@code worker_max_tasks_per_child} tasks, since start. */
  public long replacedThreads() {
    return pool.replacedThreads();
  }

  /** Grows the pool by {@code n}. */
  public int poolGrow(int n) {
    pool.resize(pool.size() + n);
    return pool.size();
  }

  /** Shrinks the pool by {@code n}. */
  public int poolShrink(int n) {
    pool.resize(pool.size() - n);
    return pool.size();
  }

  public int poolSize() {
    return pool.size();
  }

  public PoolType poolType() {
    return pool.type();
  }

  /** Tasks running now. */
  public List<TaskRequest> active() {
    return List.copyOf(active.values());
  }

  /** Tasks received and waiting for a pool slot or a rate-limit token. */
  public List<TaskRequest> reserved() {
    return List.copyOf(reserved.values());
  }

  /** Tasks waiting for their ETA. */
  public List<TaskRequest> scheduled() {
    return scheduled.values().stream().map(Scheduled::request).toList();
  }

  /** Tasks run so far (any outcome). */
  public long processed() {
    return processed.get();
  }

  /** Tasks run so far by task name. */
  public Map<String, Long> processedByName() {
    Map<String, Long> m = new LinkedHashMap<>();
    processedByName.forEach((k, v) -> m.put(k, v.get()));
    return m;
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

  /**
   * Warm shutdown: stop consuming, return held (scheduled, waiting) messages to their queues and
   * let running tasks finish. Returns at once; {@link #awaitStopped} waits for the end.
   */
  public void shutdown() {
    if (!phase.compareAndSet(Phase.RUNNING, Phase.STOPPING)) {
      return;
    }
    log.info("worker {} warm shutdown: finishing {} running task(s)", hostname(), active.size());
    listeners.tell(l -> l.workerStopping(this));
    consumers.keySet().forEach(this::cancelConsumer);
    if (memoryWatch != null) {
      memoryWatch.stop();
    }
    scheduled.values().forEach(s -> s.timer().cancel());
    scheduled.values().forEach(s -> s.request().reject(true));
    scheduled.clear();
    reserved.values().forEach(r -> r.reject(true));
    reserved.clear();
    Thread.ofPlatform()
        .name("fennel-shutdown")
        .start(() -> {
          try {
            pool.shutdownAndWait(Duration.ofDays(1));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
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
    pool.shutdownNow();
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
