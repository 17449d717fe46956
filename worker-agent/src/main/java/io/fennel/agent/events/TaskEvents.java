package io.fennel.agent.events;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fennel.agent.internal.events.EventDispatcher;
import io.fennel.agent.internal.events.EventOrigin;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.worker.TaskFailure;
import io.fennel.core.worker.TaskOutcome;
import io.fennel.core.worker.TaskRequest;
import io.fennel.core.worker.WorkerListener;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskRejected;
import io.fennel.protocol.event.TaskRetried;
import io.fennel.protocol.event.TaskRevoked;
import io.fennel.protocol.event.TaskSent;
import io.fennel.protocol.event.TaskStarted;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.repr.PythonRepr;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import java.util.Map;

/**
 * Turns what the worker and the producer report into task events, field by field as Celery fills
 * them, and hands each to the dispatcher. Every callback only builds a record and appends it to a
 * buffer.
 */
public final class TaskEvents implements WorkerListener, TaskProducer.SendListener {
  private final EventOrigin origin;
  private final EventDispatcher dispatcher;
  private final boolean sendSentEvents;
  private volatile boolean closed;

  /**
   * @param sendSentEvents whether {@code task-sent} goes out for tasks this app sends ({@code
   *     task_send_sent_event})
   */
  public TaskEvents(EventOrigin origin, EventDispatcher dispatcher, boolean sendSentEvents) {
    this.origin = origin;
    this.dispatcher = dispatcher;
    this.sendSentEvents = sendSentEvents;
  }

  /** Stops sending (the producer keeps its listeners; this one then ignores them). */
  public void close() {
    closed = true;
  }

  private boolean off() {
    return closed || !dispatcher.taskEventsEnabled();
  }

  @Override
  public void sent(TaskMessage m, String queue, String exchange, String routingKey) {
    if (closed || !sendSentEvents) {
      return;
    }
    TaskHeaders h = m.headers();
    String sender = h.origin() != null ? h.origin() : origin.hostname();
    emitAs(
        sender,
        fields ->
            new TaskSent(
                fields,
                h.id(),
                h.rootId(),
                h.parentId(),
                h.task(),
                argsRepr(m),
                kwargsRepr(m),
                h.retries(),
                h.eta(),
                h.expires(),
                queue,
                exchange,
                routingKey));
  }

  @Override
  public void taskReceived(TaskRequest r) {
    if (off()) {
      return;
    }
    TaskHeaders h = r.message().headers();
    emit(fields ->
        new TaskReceived(
            fields,
            r.id(),
            r.name(),
            argsRepr(r.message()),
            kwargsRepr(r.message()),
            h.rootId(),
            h.parentId(),
            h.retries(),
            h.eta(),
            h.expires(),
            h.group() == null ? Map.of() : Map.of("group", TextNode.valueOf(h.group()))));
  }

  /**
   * Each outcome as the event Celery sends for it. A message handed back to its queue at shutdown
   * sends nothing, as with Celery: another worker will receive it.
   */
  @Override
  public void taskOutcome(TaskRequest r, TaskOutcome outcome) {
    if (off()) {
      return;
    }
    switch (outcome) {
      case TaskOutcome.Started s -> emit(fields -> new TaskStarted(fields, r.id()));
      case TaskOutcome.Succeeded s ->
          emit(fields ->
              new TaskSucceeded(fields, r.id(), PythonRepr.repr(s.result()), s.runtimeSeconds()));
      case TaskOutcome.Failed f ->
          emit(fields ->
              new TaskFailed(fields, r.id(), f.failure().repr(), f.failure().traceback()));
      case TaskOutcome.Retried t -> {
        TaskFailure reason = t.reason();
        emit(fields ->
            new TaskRetried(
                fields,
                r.id(),
                reason == null ? "None" : reason.repr(),
                reason == null ? null : reason.traceback()));
      }
      case TaskOutcome.Revoked v ->
          emit(fields ->
              new TaskRevoked(fields, r.id(), v.isTerminated(), v.signum(), v.isExpired()));
      case TaskOutcome.Rejected j -> {
        switch (j.reason()) {
          case UNREGISTERED -> emit(fields -> new TaskRejected(fields, r.id(), j.requeue()));
          case STOPPING, INTERRUPTED, WORKER_LOST, CANCELLED -> {
            // handed back to the broker; the next worker's task-received continues the timeline
          }
        }
      }
    }
  }

  /**
   * Stamps and queues one event while holding a lock, so events enter the buffer in the order of
   * their Lamport clocks even when several pool threads report at once.
   */
  private synchronized void emitAs(
      String sender,
      java.util.function.Function<
              io.fennel.protocol.event.EventFields, io.fennel.protocol.event.Event>
          make) {
    dispatcher.send(make.apply(origin.nextAs(sender)));
  }

  private synchronized void emit(
      java.util.function.Function<
              io.fennel.protocol.event.EventFields, io.fennel.protocol.event.Event>
          make) {
    dispatcher.send(make.apply(origin.next()));
  }

  /** The message's own {@code argsrepr} header, else the repr of its arguments. */
  private static String argsRepr(TaskMessage m) {
    String repr = m.headers().argsrepr();
    return repr != null ? repr : PythonRepr.argsRepr(m.body().args());
  }

  private static String kwargsRepr(TaskMessage m) {
    String repr = m.headers().kwargsrepr();
    return repr != null ? repr : PythonRepr.kwargsRepr(m.body().kwargs());
  }
}
