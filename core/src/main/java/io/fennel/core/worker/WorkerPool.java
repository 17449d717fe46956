package io.fennel.core.worker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks with at most {@code size} at once, on platform or virtual threads; the size can change
 * while it runs ({@code pool_grow}, {@code pool_shrink}).
 */
final class WorkerPool {
  private final PoolType type;
  private final ExecutorService executor;
  private final Semaphore slots;
  private final AtomicInteger size;
  private final ThreadPoolExecutor platform;

  WorkerPool(PoolType type, int size, String namePrefix) {
    this.type = type;
    int n = type == PoolType.SOLO ? 1 : size;
    this.size = new AtomicInteger(n);
    AtomicInteger counter = new AtomicInteger();
    if (type == PoolType.VIRTUAL) {
      this.executor =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(namePrefix, 1).factory());
      this.slots = new Semaphore(n);
      this.platform = null;
    } else {
      this.platform =
          new ThreadPoolExecutor(
              n,
              n,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, namePrefix + counter.incrementAndGet());
                t.setDaemon(false);
                return t;
              });
      this.executor = platform;
      this.slots = null;
    }
  }

  PoolType type() {
    return type;
  }

  int size() {
    return size.get();
  }

  /** Queues a task; it runs when a slot is free. */
  void submit(Runnable task) {
    if (slots == null) {
      executor.execute(task);
      return;
    }
    executor.execute(() -> {
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        task.run();
      } finally {
        slots.release();
      }
    });
  }

  /** Changes the number of tasks that may run at once. */
  void resize(int newSize) {
    if (type == PoolType.SOLO) {
      throw new IllegalArgumentException(
          "the solo pool runs one task at a time and cannot be resized");
    }
    if (newSize < 1) {
      throw new IllegalArgumentException("pool size must be >= 1, was " + newSize);
    }
    int old = size.getAndSet(newSize);
    if (slots != null) {
      if (newSize > old) {
        slots.release(newSize - old);
      } else {
        slots.acquireUninterruptibly(old - newSize);
      }
    } else if (newSize > old) {
      platform.setMaximumPoolSize(newSize);
      platform.setCorePoolSize(newSize);
    } else {
      platform.setCorePoolSize(newSize);
      platform.setMaximumPoolSize(newSize);
    }
  }

  /** Stops taking tasks and waits for the running ones. */
  boolean shutdownAndWait(Duration timeout) throws InterruptedException {
    executor.shutdown();
    return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Interrupts everything running. */
  void shutdownNow() {
    executor.shutdownNow();
  }
}
