package io.fennel.core.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link Scheduler}: the system clock and one named daemon timer thread. Work that throws
 * is handed to {@code onFailure} and the timer carries on. (This package is a leaf, since {@code
 * core.runtime}'s {@code Backoff} waits on a {@link Scheduler}: callers pass the thread name from
 * {@code FennelThreads.name} and {@code onFailure} from their {@code FailureHandler}.)
 */
public final class SystemScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);

  private final ScheduledThreadPoolExecutor timer;
  private final Consumer<Throwable> onFailure;

  /**
   * A scheduler whose thread is named {@code threadName} (name it with {@code
   * FennelThreads.name(role, node)}), logging what fails.
   */
  public SystemScheduler(String threadName) {
    this(threadName, e -> log.error("scheduled work failed; carrying on", e));
  }

  /**
   * A scheduler whose thread is named {@code threadName}, handing what fails to {@code onFailure}
   * (for instance {@code e -> failures.handle("scheduler", "scheduled work", e)}).
   */
  public SystemScheduler(String threadName, Consumer<Throwable> onFailure) {
    this.onFailure = onFailure;
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
        onFailure.accept(e);
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
