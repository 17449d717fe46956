package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.runtime.FailureHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child JVMs of a process pool, one per pool thread: a thread's child is started when the
 * thread starts (a warm pool), runs that thread's tasks one at a time, and is replaced when it dies
 * (counted as lost unless the worker killed it), when a hard time limit kills it, or when its
 * resident memory passed {@code worker_max_memory_per_child} after a task; it is stopped when its
 * thread retires (so {@code worker_max_tasks_per_child} recycles children too).
 */
final class ProcessChildren {
  private static final Logger log = LoggerFactory.getLogger(ProcessChildren.class);

  /** The failure kind for a child that could not be started. */
  static final String FAILURE_KIND = "worker.child";

  private final ChildCommand command;
  private final String node;
  private final Long maxRssKib;
  private final FailureHandler failures;
  private final Map<Thread, ChildProcess> byThread = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong killed = new AtomicLong();
  private final AtomicLong memoryRecycles = new AtomicLong();
  private final AtomicLong endedCpuNanos = new AtomicLong();
  private final Map<ChildProcess, Rusage> lastUsage = new ConcurrentHashMap<>();
  private volatile Rusage endedUsage = Rusage.ZERO;
  private volatile boolean closed;

  /**
   * @param maxRssKib {@code worker_max_memory_per_child}, null for no limit
   */
  ProcessChildren(ChildCommand command, String node, Long maxRssKib, FailureHandler failures) {
    this.command = command;
    this.node = node;
    this.maxRssKib = maxRssKib;
    this.failures = failures;
  }

  /** Starts the calling pool thread's child. */
  void attach() {
    ChildProcess c = spawn();
    if (c != null) {
      byThread.put(Thread.currentThread(), c);
    }
  }

  /** Stops the calling pool thread's child (the thread is retiring). */
  void detach() {
    ChildProcess c = byThread.remove(Thread.currentThread());
    if (c != null) {
      retire(c);
      c.stop();
    }
  }

  private ChildProcess spawn() {
    try {
      ChildProcess c = ChildProcess.start(command, node, this::exited);
      started.incrementAndGet();
      return c;
    } catch (IOException e) {
      failures.handle(
          FAILURE_KIND,
          "starting a process-pool child for " + node + " with " + command.command(),
          e);
      return null;
    }
  }

  /** A child's channel closed: replace it if its thread still counts on it. */
  private void exited(ChildProcess c) {
    if (!c.isClosing()) {
      retire(c);
      lost.incrementAndGet();
      log.error("process-pool child {} of {} exited unexpectedly; starting another", c.pid(), node);
    }
    for (Map.Entry<Thread, ChildProcess> e : byThread.entrySet()) {
      if (e.getValue() == c && !closed) {
        ChildProcess next = spawn();
        if (next == null) {
          byThread.remove(e.getKey(), c);
        } else if (!byThread.replace(e.getKey(), c, next)) {
          next.stop();
        }
      }
    }
  }

  /** Runs {@code r} in the calling thread's child, as a task body would run. */
  JsonNode run(TaskRequest r, String hostname) {
    Thread me = Thread.currentThread();
    ChildProcess c = byThread.get(me);
    if (c == null || !c.isAlive()) {
      ChildProcess next = spawn();
      if (next == null) {
        throw new WorkerLostError("no process-pool child could be started; see the log");
      }
      if (c == null ? byThread.putIfAbsent(me, next) != null : !byThread.replace(me, c, next)) {
        next.stop();
      }
      c = byThread.get(me);
    }
    try {
      return c.run(r, hostname);
    } finally {
      Rusage u = Rusage.of(c.pid());
      if (u != null) {
        lastUsage.put(c, u);
      }
      recycleIfLarge(me, c);
    }
  }

  private void recycleIfLarge(Thread me, ChildProcess c) {
    if (maxRssKib == null || !c.isAlive()) {
      return;
    }
    long rss = c.rssKib();
    if (rss <= maxRssKib) {
      return;
    }
    memoryRecycles.incrementAndGet();
    log.warn(
        "process-pool child {} of {} uses {} KiB, above worker_max_memory_per_child {} KiB;"
            + " replacing it",
        c.pid(),
        node,
        rss,
        maxRssKib);
    ChildProcess next = spawn();
    if (next != null && !byThread.replace(me, c, next)) {
      next.stop();
    }
    retire(c);
    c.stop();
  }

  /** Kills the child of {@code t} (a hard time limit passed); a new one takes its place. */
  void kill(Thread t) {
    ChildProcess c = t == null ? null : byThread.get(t);
    if (c != null) {
      killed.incrementAndGet();
      retire(c);
      c.kill();
    }
  }

  /** Kills every child now (cold shutdown). */
  void killAll() {
    closed = true;
    byThread.values().forEach(ChildProcess::kill);
  }

  private void retire(ChildProcess c) {
    endedCpuNanos.addAndGet(c.cpu().toNanos());
    Rusage now = Rusage.of(c.pid());
    Rusage last = lastUsage.remove(c);
    Rusage u = now != null ? now : last;
    if (u != null) {
      synchronized (this) {
        endedUsage = endedUsage.plus(u);
      }
    }
  }

  /** Resource usage of the children: the live ones now plus the ended ones at their end. */
  Rusage rusage() {
    Rusage sum = endedUsage;
    for (ChildProcess c : byThread.values()) {
      Rusage u = Rusage.of(c.pid());
      if (u != null) {
        sum = sum.plus(u);
      }
    }
    return sum;
  }

  /** The pids of the children running now. */
  List<Long> pids() {
    return byThread.values().stream().map(ChildProcess::pid).sorted().toList();
  }

  /** CPU time of the children so far: the live ones and those already ended. */
  Duration cpu() {
    long live = byThread.values().stream().mapToLong(c -> c.cpu().toNanos()).sum();
    return Duration.ofNanos(live + endedCpuNanos.get());
  }

  /** Resident memory of the largest live child in KiB, 0 for none. */
  long maxRssKib() {
    return byThread.values().stream().mapToLong(ChildProcess::rssKib).max().orElse(0);
  }

  /** Counters since the pool started. */
  ProcessPoolStats stats() {
    return new ProcessPoolStats(
        started.get(), lost.get(), killed.get(), memoryRecycles.get(), pids().size());
  }
}
