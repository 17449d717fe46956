package io.fennel.core.broker.amqp;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.core.time.SystemScheduler;

/**
 * The one timer thread of a broker connection ({@code fennel-amqp-timer}), started by the first
 * that needs it: it sends the acks a consumer left waiting and fails the publishes whose confirm is
 * overdue. One thread that wakes now and then costs less than a timer per message.
 */
final class AmqpTimer implements AutoCloseable {
  private final FailureHandler failures;
  private SystemScheduler scheduler; // guarded by this
  private boolean closed; // guarded by this

  AmqpTimer(FailureHandler failures) {
    this.failures = failures;
  }

  /**
   * The timer, started on first use.
   *
   * @throws IllegalStateException once the broker is closed: a publish or subscribe racing {@code
   *     close()} is refused in so many words, and no thread is started after the last one stopped
   */
  synchronized Scheduler get() {
    if (closed) {
      throw new IllegalStateException(
          "the broker connection is closed (its timer has stopped); open a new one");
    }
    if (scheduler == null) {
      scheduler =
          new SystemScheduler(
              FennelThreads.name("amqp-timer", null),
              e -> failures.handle("amqp.timer", "the broker connection's timed work", e));
    }
    return scheduler;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
