package io.fennel.core.worker;

import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import java.time.Instant;

/**
 * The message a retry sends: the same task, id, arguments and properties, with its retry count one
 * higher, its ETA set, and itself as the parent, as Celery's {@code Task.retry} builds it.
 */
final class RetryMessage {
  private RetryMessage() {}

  static TaskMessage next(TaskMessage m, Instant eta) {
    TaskHeaders h = m.headers();
    return new TaskMessage(
        m.properties(),
        new TaskHeaders(
            h.lang(),
            h.task(),
            h.id(),
            h.shadow(),
            TaskHeaders.formatInstant(eta),
            h.expires(),
            h.group(),
            h.groupIndex(),
            h.retries() + 1,
            h.timelimit(),
            h.rootId(),
            h.id(),
            h.argsrepr(),
            h.kwargsrepr(),
            h.origin(),
            h.ignoreResult(),
            h.stampedHeaders(),
            h.stamps(),
            h.extra()),
        m.body());
  }
}
