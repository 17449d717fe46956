package io.fennel.core.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real {@link Scheduler}: the system clock and one named timer thread. */
public final class SystemScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(SystemScheduler.class);

  private final ScheduledThreadPoolExecutor timer;

  /** A scheduler whose thread is named {@code threadName}. */
  public SystemScheduler(String threadName) {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
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

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.error("scheduled work failed; carrying on", e);
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
