package io.fennel.agent.internal.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.time.Scheduler;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.event.FennelWorkerInfo;
import io.fennel.protocol.event.WorkerEvent;
import io.fennel.protocol.event.WorkerHeartbeat;
import io.fennel.protocol.event.WorkerOffline;
import io.fennel.protocol.event.WorkerOnline;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worker's own events: {@code worker-online} when it starts, {@code worker-heartbeat} every
 * {@code freq} seconds on the injected scheduler, {@code worker-offline} once when it stops. They
 * go out whether task events are on or not, as Celery's heartbeats do.
 */
public final class Heartbeat {
  /** What Fennel sends as {@code sw_ident}. */
  public static final String SW_IDENT = "fennel";

  private final Worker worker;
  private final EventOrigin origin;
  private final EventDispatcher dispatcher;
  private final Scheduler scheduler;
  private final Duration interval;
  private final String swVer;
  private final String swSys;
  private final AtomicBoolean online = new AtomicBoolean();
  private final AtomicBoolean offline = new AtomicBoolean();
  private volatile Scheduler.Cancellable timer;

  public Heartbeat(
      Worker worker,
      EventOrigin origin,
      EventDispatcher dispatcher,
      Scheduler scheduler,
      Duration interval,
      String swVer) {
    this.worker = worker;
    this.origin = origin;
    this.dispatcher = dispatcher;
    this.scheduler = scheduler;
    this.interval = interval;
    this.swVer = swVer;
    this.swSys = osName();
  }

  private double freq() {
    return interval.toNanos() / 1e9;
  }

  /** Sends {@code worker-online} and starts the heartbeat timer; does nothing the second time. */
  public void online() {
    if (offline.get() || !online.compareAndSet(false, true)) {
      return;
    }
    send(WorkerOnline::new, fennelFields());
    timer = scheduler.every(this::beat, interval);
  }

  /** Sends one {@code worker-heartbeat} now. */
  public void beat() {
    if (offline.get()) {
      return;
    }
    send(WorkerHeartbeat::new, fennelFields());
  }

  /** Sends one worker event with this worker's figures now. */
  private void send(WorkerEvent.Constructor shape, Map<String, JsonNode> extra) {
    dispatcher.send(
        shape.make(
            origin.next(),
            freq(),
            worker.control().active().size(),
            worker.control().processed(),
            LoadAverage.read(),
            SW_IDENT,
            swVer,
            swSys,
            extra));
  }

  /**
   * Fennel's own fields, so a console knows a worker's queues and pool without asking (Celery's
   * tools ignore fields they do not know).
   */
  private Map<String, JsonNode> fennelFields() {
    return new FennelWorkerInfo(
            worker.control().queues(),
            worker.control().poolType().wireName(),
            worker.control().poolSize())
        .toExtra();
  }

  /** Stops the timer and sends {@code worker-offline}, once. */
  public void offline() {
    if (!offline.compareAndSet(false, true)) {
      return;
    }
    Scheduler.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
    send(WorkerOffline::new, Map.of());
  }

  /**
   * The operating system as Python's {@code platform.system()} names it: Linux, Darwin, Windows.
   */
  public static String osName() {
    String os = System.getProperty("os.name", "unknown");
    String lower = os.toLowerCase(Locale.ROOT);
    if (lower.startsWith("linux")) {
      return "Linux";
    }
    if (lower.startsWith("mac")) {
      return "Darwin";
    }
    if (lower.startsWith("windows")) {
      return "Windows";
    }
    return os;
  }
}
