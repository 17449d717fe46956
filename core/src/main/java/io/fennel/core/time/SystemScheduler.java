package io.fennel.core.time;

import io.fennel.core.runtime.FailureHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link Scheduler}: the system clock and one named daemon timer thread. Work that throws
 * is reported to a {@link FailureHandler} (kind {@code "scheduler"}) and the timer carries on.
 */
public final class SystemScheduler implements Scheduler {
  private final ScheduledThreadPoolExecutor timer;
  private final FailureHandler failures;

  /**
   * A scheduler whose thread is named {@code threadName} (name it with {@code
   * FennelThreads.name(role, node)}), logging what fails.
   */
  public SystemScheduler(String threadName) {
    this(threadName, FailureHandler.logging());
  }

  /**
   * A scheduler whose thread is named {@code threadName}, reporting failures to {@code failures}.
   */
  public SystemScheduler(String threadName, FailureHandler failures) {
    this.failures = failures;
    timer =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().name(threadName).daemon(true).unstarted(r));
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        failures.handle("scheduler", "scheduled work", e);
      }
    };
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    var f = timer.schedule(guarded(task), Scheduler.clampedNanos(delay), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Cancellable every(Runnable task, Duration period) {
    var f =
        timer.scheduleAtFixedRate(
            guarded(task),
            Scheduler.clampedNanos(period),
            Scheduler.clampedNanos(period),
            TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void execute(Runnable task) {
    if (!timer.isShutdown()) {
      timer.execute(guarded(task));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
