package io.fennel.core.producer;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.config.BrokerSettings;
import io.fennel.core.config.FennelConfig;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares a task queue as Celery does (a durable direct exchange and a durable queue of the same
 * name, bound by that name), but first looks the queue up: one that exists, declared elsewhere with
 * other arguments (a quorum queue, a priority queue), is used as it is, never re-declared. A new
 * one is a classic queue, or a quorum queue with {@code task_default_queue_type=quorum} (no
 * priorities, never auto-deleted).
 */
final class TaskQueues {
  private static final Logger log = LoggerFactory.getLogger(TaskQueues.class);

  private TaskQueues() {}

  static void declare(Broker broker, FennelConfig config, String queue) {
    broker.declareExchange(queue, ExchangeType.DIRECT, true, false);
    if (broker.queueStats(queue).isPresent()) {
      log.debug("task queue {} exists; using it as it was declared", queue);
    } else {
      broker.declareQueue(spec(config, queue));
    }
    broker.bind(queue, queue, queue);
  }

  /** How a new task queue is declared under these settings. */
  static QueueSpec spec(FennelConfig config, String queue) {
    Integer maxPriority = config.taskQueueMaxPriority();
    if (BrokerSettings.of(config).quorum()) {
      if (maxPriority != null) {
        log.warn(
            "task queue {} is a quorum queue, which has no priorities; task_queue_max_priority={}"
                + " is not applied to it",
            queue,
            maxPriority);
      }
      return new QueueSpec(queue, true, false, false, Map.of("x-queue-type", "quorum"));
    }
    return maxPriority == null ? QueueSpec.task(queue) : QueueSpec.task(queue, maxPriority);
  }
}
