package io.fennel.core.worker;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs tasks with at most {@code size} at once. Platform-thread pools keep {@code size} named
 * threads that take work from one queue; a thread is replaced after {@code maxTasksPerThread} tasks
 * (dropping what it held in thread-locals) or when a hard time limit abandons it. Virtual pools
 * start a virtual thread per task behind a semaphore. The size can change while it runs. Every
 * thread is made by {@link FennelThreads} and named for its worker ({@code
 * fennel-worker[w1@host]-3}, {@code fennel-worker-dispatch[w1@host]}). A process pool is a
 * platform-thread pool whose every thread owns a child JVM ({@link ProcessChildren}) that runs the
 * thread's tasks; a hard time limit kills the child instead of abandoning the thread.
 */
final class WorkerPool {
  /** The failure kind for an exception that escaped a pool task. */
  static final String FAILURE_KIND = "worker.pool";

  private static final Runnable RETIRE = () -> {};

  private final PoolType type;
  private final String node;
  private final ThreadFactory threadFactory;
  private final ThreadFactory shrinkers;
  private final FailureHandler failures;
  private final int maxTasksPerThread;
  private final ProcessChildren children;
  private final AtomicInteger size;
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong replaced = new AtomicLong();
  private final BlockingDeque<Runnable> queue = new LinkedBlockingDeque<>();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Set<Thread> abandonedThreads = ConcurrentHashMap.newKeySet();
  private final Semaphore slots;
  private final ExecutorService virtual;
  private final Thread dispatcher;
  private volatile boolean shutdown;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicInteger running = new AtomicInteger();

  /** Tasks submitted and not finished (abandoned ones count as finished); guarded by this. */
  private int outstanding;

  /**
   * @param node the worker's node name, in every thread's name
   * @param threadFactory makes the threads that run tasks (virtual ones for the virtual pool); a
   *     worker shares one across the pools it recycles, so numbers are never reused
   */
  WorkerPool(
      PoolType type,
      int size,
      String node,
      ThreadFactory threadFactory,
      int maxTasksPerThread,
      FailureHandler failures,
      ProcessChildren children) {
    if ((type == PoolType.PROCESS) != (children != null)) {
      throw new IllegalArgumentException("a process pool, and only it, has children");
    }
    this.children = children;
    this.type = type;
    this.node = node;
    this.threadFactory = threadFactory;
    this.shrinkers = FennelThreads.virtual("worker-shrink", node);
    this.failures = failures;
    this.maxTasksPerThread = maxTasksPerThread;
    int n = type == PoolType.SOLO ? 1 : size;
    this.size = new AtomicInteger(n);
    if (type == PoolType.VIRTUAL) {
      slots = new Semaphore(n);
      virtual = Executors.newThreadPerTaskExecutor(threadFactory);
      dispatcher = FennelThreads.start("worker-dispatch", node, this::dispatch);
    } else {
      slots = null;
      virtual = null;
      dispatcher = null;
      for (int i = 0; i < n; i++) {
        startThread();
      }
    }
  }

  PoolType type() {
    return type;
  }

  /** The children of a process pool, or null for the other pools. */
  ProcessChildren children() {
    return children;
  }

  int size() {
    return size.get();
  }

  /** Threads given up on after a hard time limit, since the pool started. */
  long abandonedThreads() {
    return abandoned.get();
  }

  /** Threads replaced after {@code maxTasksPerThread} tasks, since the pool started. */
  long replacedThreads() {
    return replaced.get();
  }

  /** Queues a task; it runs when a slot is free. */
  void submit(Runnable task) {
    if (shutdown) {
      throw new IllegalStateException("the pool is shut down");
    }
    synchronized (this) {
      outstanding++;
    }
    queue.addLast(task);
  }

  private void startThread() {
    Thread t = threadFactory.newThread(this::loop);
    threads.add(t);
    t.start();
  }

  private void loop() {
    Thread me = Thread.currentThread();
    int done = 0;
    if (children != null) {
      children.attach();
    }
    try {
      while (true) {
        Runnable task = queue.takeFirst();
        if (task == RETIRE) {
          return;
        }
        runOne(task);
        if (abandonedThreads.remove(me)) {
          return;
        }
        done++;
        if (maxTasksPerThread > 0 && done >= maxTasksPerThread && !shutdown) {
          replaced.incrementAndGet();
          startThread();
          return;
        }
        Thread.interrupted();
      }
    } catch (InterruptedException e) {
      // cold shutdown
    } finally {
      if (children != null) {
        children.detach();
      }
      threads.remove(me);
      maybeTerminated();
    }
  }

  private void runOne(Runnable task) {
    running.incrementAndGet();
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      failures.handle(FAILURE_KIND, "a pool task on worker " + node + ", outside its task body", e);
    } finally {
      running.decrementAndGet();
      synchronized (this) {
        if (!abandonedThreads.contains(Thread.currentThread())) {
          outstanding--;
        }
      }
      maybeTerminated();
    }
  }

  private void dispatch() {
    try {
      while (true) {
        Runnable task = queue.takeFirst();
        if (task == RETIRE) {
          break;
        }
        slots.acquire();
        virtual.execute(() -> {
          Thread me = Thread.currentThread();
          try {
            runOne(task);
          } finally {
            if (!abandonedThreads.remove(me)) {
              slots.release();
            }
          }
        });
      }
    } catch (InterruptedException e) {
      // cold shutdown
    }
    maybeTerminated();
  }

  /**
   * Gives up on the thread running a task past its hard time limit: it is interrupted and counted,
   * and a new slot takes its place at once so the pool keeps its size. A process pool kills the
   * thread's child instead (counted the same way); the thread carries on with a new child.
   */
  void abandon(Thread t) {
    if (children != null) {
      abandoned.incrementAndGet();
      children.kill(t);
      return;
    }
    synchronized (this) {
      if (t == null || !threadsRunningTasks(t) || !abandonedThreads.add(t)) {
        return;
      }
      outstanding--;
    }
    abandoned.incrementAndGet();
    maybeTerminated();
    t.interrupt();
    if (type == PoolType.VIRTUAL) {
      slots.release();
    } else {
      startThread();
    }
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
    if (type == PoolType.VIRTUAL) {
      if (newSize > old) {
        slots.release(newSize - old);
      } else if (newSize < old) {
        int take = old - newSize;
        shrinkers.newThread(() -> slots.acquireUninterruptibly(take)).start();
      }
      return;
    }
    for (int i = old; i < newSize; i++) {
      startThread();
    }
    for (int i = newSize; i < old; i++) {
      queue.addFirst(RETIRE);
    }
  }

  /** Tasks running now. */
  int running() {
    return running.get();
  }

  /** Tasks queued and not started. */
  int queued() {
    return (int) queue.stream().filter(r -> r != RETIRE).count();
  }

  private boolean threadsRunningTasks(Thread t) {
    return t.isAlive();
  }

  private synchronized void maybeTerminated() {
    if (shutdown && outstanding <= 0) {
      terminated.countDown();
    }
  }

  /** Stops taking tasks and waits for the running and queued ones. */
  boolean shutdownAndWait(Duration timeout) throws InterruptedException {
    shutdown = true;
    int stoppers = type == PoolType.VIRTUAL ? 1 : threads.size() + 1;
    for (int i = 0; i < stoppers; i++) {
      queue.addLast(RETIRE);
    }
    maybeTerminated();
    boolean ok = terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (virtual != null) {
      virtual.shutdown();
    }
    return ok;
  }

  /** Interrupts everything running and drops what is queued. */
  void shutdownNow() {
    shutdown = true;
    int dropped = 0;
    for (var it = queue.iterator(); it.hasNext(); ) {
      if (it.next() != RETIRE) {
        it.remove();
        dropped++;
      }
    }
    synchronized (this) {
      outstanding -= dropped;
    }
    threads.forEach(Thread::interrupt);
    if (children != null) {
      children.killAll();
    }
    if (dispatcher != null) {
      dispatcher.interrupt();
    }
    if (virtual != null) {
      virtual.shutdownNow();
    }
    maybeTerminated();
  }
}
