package io.fennel.core.worker;

import io.fennel.core.broker.Delivery;
import io.fennel.core.task.TaskDefinition;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskProperties;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does with each delivery before a task can run: decode it (refusing a format not in
 * accept_content, pickle always, and bad signatures), reject unknown task names (recording
 * FAILURE), discard revoked and expired tasks, hold future ones until their ETA, and admit the
 * rest.
 */
final class Intake {
  private static final Logger log = LoggerFactory.getLogger(Intake.class);

  private final Worker worker;
  private final WorkerDependencies deps;
  private final OutcomeHandler outcomes;
  private final Listeners listeners;

  Intake(Worker worker, WorkerDependencies deps, OutcomeHandler outcomes, Listeners listeners) {
    this.worker = worker;
    this.deps = deps;
    this.outcomes = outcomes;
    this.listeners = listeners;
  }

  void accept(Delivery d) {
    if (!worker.isRunning()) {
      d.reject(true);
      return;
    }
    TaskMessage m;
    try {
      m =
          deps.producer()
              .formats()
              .taskReader()
              .read(properties(d), d.properties().headers(), d.body());
    } catch (ProtocolException e) {
      log.error(
          "refused a message from queue {}: {}; it was rejected without requeue",
          d.queue(),
          e.getMessage());
      d.reject(false);
      listeners.tell(l -> l.messageRefused(d.queue(), e.getMessage()));
      return;
    }
    TaskDefinition def = deps.registry().find(m.headers().task()).orElse(null);
    Instant now = deps.scheduler().clock().instant();
    TaskRequest r = new TaskRequest(m, d, def, now);
    if (def == null) {
      outcomes.settle(r, new TaskOutcome.Rejected(TaskOutcome.Rejected.Reason.UNREGISTERED));
      return;
    }
    listeners.tell(l -> l.taskReceived(r));
    if (worker.isRevoked(r.id())) {
      worker.discard(r, false);
      return;
    }
    if (worker.isExpired(r)) {
      worker.discard(r, true);
      return;
    }
    Instant eta = m.headers().etaInstant().orElse(null);
    if (eta != null && eta.isAfter(now)) {
      worker.holdUntil(r, eta);
      return;
    }
    worker.admit(r);
  }

  private static TaskProperties properties(Delivery d) {
    var p = d.properties();
    return new TaskProperties(
        p.contentType(),
        p.contentEncoding(),
        p.deliveryMode(),
        p.priority(),
        p.correlationId(),
        p.replyTo(),
        p.expiration());
  }
}
