package io.fennel.core.worker;

import io.fennel.core.broker.Broker;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.task.TaskRegistry;
import io.fennel.core.time.Scheduler;
import java.util.random.RandomGenerator;

/**
 * What a worker needs from its app: tasks, broker, result backend (null for none), producer (for
 * retries and callbacks), settings, time, randomness for retry jitter, and where failures beside
 * user code go (listeners, the pool).
 */
public record WorkerDependencies(
    TaskRegistry registry,
    Broker broker,
    ResultBackend backend,
    TaskProducer producer,
    FennelConfig config,
    Scheduler scheduler,
    RandomGenerator random,
    long pid,
    FailureHandler failures) {

  public WorkerDependencies {
    failures = failures == null ? FailureHandler.logging() : failures;
  }

  /** Dependencies whose failures go to a {@link FailureHandler#logging()} handler of their own. */
  public WorkerDependencies(
      TaskRegistry registry,
      Broker broker,
      ResultBackend backend,
      TaskProducer producer,
      FennelConfig config,
      Scheduler scheduler,
      RandomGenerator random,
      long pid) {
    this(registry, broker, backend, producer, config, scheduler, random, pid, null);
  }
}
