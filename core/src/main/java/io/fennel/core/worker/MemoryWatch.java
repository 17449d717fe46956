package io.fennel.core.worker;

import io.fennel.core.time.Scheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code worker_max_memory_per_child} for a JVM: every few seconds it reads the heap still in use
 * after the last garbage collection, and when that stays above the limit the worker recycles its
 * pool (so thread-held memory can go) instead of growing until it dies.
 */
final class MemoryWatch {
  private static final Logger log = LoggerFactory.getLogger(MemoryWatch.class);
  static final Duration PERIOD = Duration.ofSeconds(5);

  private final Worker worker;
  private final Scheduler scheduler;
  private final long limitBytes;
  private final LongSupplier heapAfterGc;
  private final AtomicLong recycles = new AtomicLong();
  private Scheduler.Cancellable timer;
  private int over;

  MemoryWatch(Worker worker, Scheduler scheduler, long limitBytes, LongSupplier heapAfterGc) {
    this.worker = worker;
    this.scheduler = scheduler;
    this.limitBytes = limitBytes;
    this.heapAfterGc = heapAfterGc;
  }

  void start() {
    timer = scheduler.every(this::check, PERIOD);
  }

  void stop() {
    if (timer != null) {
      timer.cancel();
    }
  }

  long recycles() {
    return recycles.get();
  }

  /** Two readings in a row above the limit trigger one recycle. */
  private void check() {
    long used = heapAfterGc.getAsLong();
    if (used <= limitBytes) {
      over = 0;
      return;
    }
    if (++over < 2) {
      return;
    }
    over = 0;
    recycles.incrementAndGet();
    log.warn(
        "worker {}: heap in use after GC is {} KiB, above worker_max_memory_per_child {} KiB;"
            + " recycling the pool",
        worker.hostname(),
        used / 1024,
        limitBytes / 1024);
    worker.recyclePool();
  }

  /** Heap bytes in use right after the last collection, summed over the heap pools. */
  static long heapAfterGc() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage u = pool.getCollectionUsage();
        if (u != null) {
          sum += u.getUsed();
        }
      }
    }
    return sum;
  }
}
