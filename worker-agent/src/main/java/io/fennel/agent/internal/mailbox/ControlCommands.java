package io.fennel.agent.internal.mailbox;

import static io.fennel.protocol.control.ControlCodec.error;
import static io.fennel.protocol.control.ControlCodec.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.control.AddConsumer;
import io.fennel.protocol.control.Autoscale;
import io.fennel.protocol.control.CancelConsumer;
import io.fennel.protocol.control.PoolGrow;
import io.fennel.protocol.control.PoolRestart;
import io.fennel.protocol.control.PoolShrink;
import io.fennel.protocol.control.RateLimit;
import io.fennel.protocol.control.Revoke;
import io.fennel.protocol.control.TimeLimit;
import java.util.List;

/**
 * The commands that change a worker: revoke, rate and time limits, pool size, consumers, events,
 * heartbeat, shutdown. Reply texts are the ones a Celery worker sends, so Celery's tools read them
 * unchanged.
 */
final class ControlCommands {
  private final WorkerPort worker;
  private final AgentHooks hooks;

  ControlCommands(WorkerPort worker, AgentHooks hooks) {
    this.worker = worker;
    this.hooks = hooks;
  }

  JsonNode revoke(Revoke r) {
    List<String> terminated = worker.revoke(r.ids(), r.terminate(), r.signal());
    if (r.terminate()) {
      return ok(
          "terminate: " + (terminated.isEmpty() ? "tasks unknown" : String.join(", ", terminated)));
    }
    return ok("tasks " + String.join(", ", r.ids()) + " flagged as revoked");
  }

  JsonNode rateLimit(RateLimit r) {
    if (!worker.knowsTask(r.task())) {
      return error("unknown task " + r.task());
    }
    try {
      worker.setRateLimit(r.task(), r.limit());
    } catch (RuntimeException e) {
      return error("invalid rate limit string: " + e.getMessage());
    }
    return ok("new rate limit set successfully");
  }

  JsonNode timeLimit(TimeLimit t) {
    if (!worker.knowsTask(t.task())) {
      return error("unknown task " + t.task());
    }
    try {
      worker.setTimeLimit(t.task(), t.soft(), t.hard());
    } catch (IllegalArgumentException e) {
      return error("time_limit: " + e.getMessage());
    }
    return ok("time limits set successfully");
  }

  JsonNode poolGrow(PoolGrow g) {
    worker.poolGrow(g.n());
    return ok("pool will grow");
  }

  JsonNode poolShrink(PoolShrink s) {
    int size = worker.poolSize();
    if (s.n() >= size) {
      return error("pool_shrink: cannot shrink the pool by " + s.n() + ", it has " + size);
    }
    worker.poolShrink(s.n());
    return ok("pool will shrink");
  }

  /**
   * Restarts the pool: new child JVMs for a process pool (they load the task code from disk again),
   * new threads otherwise. A thread pool cannot load new code, so {@code reload} is refused there.
   */
  JsonNode poolRestart(PoolRestart r) {
    if (r.reload() && worker.poolType() != io.fennel.core.worker.PoolType.PROCESS) {
      return error(
          "pool_restart: a Fennel thread pool loads its task code once, at start; restart the"
              + " worker (or run it with -P process) to run new code");
    }
    worker.poolRestart();
    return ok("reload started");
  }

  /** Sets the autoscale bounds; a worker started without --autoscale is set to max at once. */
  JsonNode autoscale(Autoscale a) {
    try {
      worker.autoscale(a.max(), a.min());
    } catch (IllegalArgumentException e) {
      return error("autoscale: " + e.getMessage());
    }
    return ok("autoscale now max=" + a.max() + " min=" + a.min());
  }

  JsonNode addConsumer(AddConsumer a) {
    if (worker.addConsumer(a.queue())) {
      return ok("add consumer " + a.queue());
    }
    return ok("already consuming from " + a.queue());
  }

  JsonNode cancelConsumer(CancelConsumer c) {
    worker.cancelConsumer(c.queue());
    return ok("no longer consuming from " + c.queue());
  }

  JsonNode taskEvents(boolean on) {
    boolean was = hooks.taskEventsEnabled();
    hooks.setTaskEvents(on);
    if (was == on) {
      return ok("task events already " + (on ? "enabled" : "disabled"));
    }
    return ok("task events " + (on ? "enabled" : "disabled"));
  }

  /** Sends a heartbeat instead of a reply. */
  JsonNode heartbeat() {
    hooks.heartbeatNow();
    return null;
  }

  /** A warm shutdown; no reply, as Celery's workers send none. */
  JsonNode shutdown() {
    worker.shutdownSoon();
    return null;
  }
}
