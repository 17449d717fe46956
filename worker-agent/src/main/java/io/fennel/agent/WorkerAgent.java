package io.fennel.agent;

import io.fennel.agent.events.TaskEvents;
import io.fennel.agent.internal.events.EventDispatcher;
import io.fennel.agent.internal.events.EventOrigin;
import io.fennel.agent.internal.events.Heartbeat;
import io.fennel.agent.internal.mailbox.AgentHooks;
import io.fennel.agent.internal.mailbox.Commands;
import io.fennel.agent.internal.mailbox.Mailbox;
import io.fennel.core.Fennel;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerListener;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker embeds to be observable and steerable: task and worker events on {@code celeryev}
 * (batched, buffered while the broker is away), a heartbeat every two seconds, and a pidbox that
 * answers every control and inspect command.
 *
 * <p>Attach it before {@link Worker#start()}: {@code worker-online} goes out when the worker is
 * ready, {@code worker-offline} when it stops or when the agent is closed. Worker events always go
 * out; task events only while enabled ({@code -E}, {@code worker_send_task_events}, or the {@code
 * enable_events} command), as with Celery, whose heartbeats flow without {@code -E}. Nothing the
 * agent does throws into the worker: its listener callbacks only append to a buffer.
 */
public final class WorkerAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);

  private final Worker worker;
  private final EventDispatcher dispatcher;
  private final TaskEvents taskEvents;
  private final Heartbeat heartbeat;
  private final Mailbox mailbox;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WorkerAgent(Fennel app, Worker worker, AgentOptions opts) {
    this.worker = worker;
    long pid = ProcessHandle.current().pid();
    boolean events =
        opts.taskEvents() != null ? opts.taskEvents() : worker.options().sendTaskEvents();
    this.dispatcher =
        new EventDispatcher(
            app.unsafe().broker(),
            worker.hostname(),
            opts.bufferCapacity(),
            opts.batchSize(),
            opts.flushInterval(),
            events,
            app.scheduler(),
            opts.failures() != null ? opts.failures() : FailureHandler.logging());
    EventOrigin origin =
        new EventOrigin(
            worker.hostname(), pid, app.clock(), app.scheduler(), ZoneId.systemDefault());
    this.taskEvents = new TaskEvents(origin, dispatcher, app.config().taskSendSentEvent());
    this.heartbeat =
        new Heartbeat(
            worker,
            origin,
            dispatcher,
            app.scheduler(),
            opts.heartbeatInterval(),
            opts.swVersion());
    AgentHooks hooks =
        new AgentHooks() {
          @Override
          public void setTaskEvents(boolean on) {
            dispatcher.setTaskEvents(on);
          }

          @Override
          public boolean taskEventsEnabled() {
            return dispatcher.taskEventsEnabled();
          }

          @Override
          public void heartbeatNow() {
            heartbeat.beat();
          }
        };
    this.mailbox =
        new Mailbox(
            app.unsafe().broker(), new Commands(worker, pid, app.clock(), app.scheduler(), hooks));
  }

  /**
   * Attaches an agent to a worker that has not started yet: registers the worker and producer
   * listeners, starts the event thread and the pidbox.
   *
   * @throws io.fennel.core.broker.BrokerUnavailableException when the pidbox cannot be declared
   */
  public static WorkerAgent attach(Fennel app, Worker worker, AgentOptions opts) {
    WorkerAgent agent = new WorkerAgent(app, worker, opts == null ? AgentOptions.DEFAULTS : opts);
    agent.start(app);
    return agent;
  }

  private void start(Fennel app) {
    dispatcher.start();
    worker.addListener(taskEvents);
    worker.addListener(
        new WorkerListener() {
          @Override
          public void workerReady(Worker w) {
            heartbeat.online();
          }

          @Override
          public void workerStopping(Worker w) {
            heartbeat.offline();
          }
        });
    app.unsafe().producer().addListener(taskEvents);
    try {
      mailbox.start();
    } catch (RuntimeException e) {
      dispatcher.close();
      throw e;
    }
  }

  /** Events dropped because the buffer was full while the broker was away. */
  public long droppedEvents() {
    return dispatcher.droppedEvents();
  }

  /** Events waiting to be published. */
  public int pendingEvents() {
    return dispatcher.pending();
  }

  /** Whether task events go out now. */
  public boolean taskEventsEnabled() {
    return dispatcher.taskEventsEnabled();
  }

  /** Switches task events on or off, as {@code enable_events} / {@code disable_events} do. */
  public void setTaskEvents(boolean on) {
    dispatcher.setTaskEvents(on);
  }

  /** Publishes buffered events now, on the calling thread; false if the broker refused them. */
  public boolean flush() {
    return dispatcher.flush();
  }

  /** Sends {@code worker-offline} (unless the worker's stop already did), flushes and stops. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    taskEvents.close();
    mailbox.close();
    heartbeat.offline();
    try {
      dispatcher.close();
    } catch (RuntimeException e) {
      log.warn("worker agent {}: closing the event dispatcher failed", worker.hostname(), e);
    }
  }
}
