package io.fennel.agent.internal.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.time.Scheduler;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.control.AddConsumer;
import io.fennel.protocol.control.Autoscale;
import io.fennel.protocol.control.CancelConsumer;
import io.fennel.protocol.control.Command;
import io.fennel.protocol.control.CommandArgumentException;
import io.fennel.protocol.control.ControlCodec;
import io.fennel.protocol.control.ControlRequest;
import io.fennel.protocol.control.DisableEvents;
import io.fennel.protocol.control.EnableEvents;
import io.fennel.protocol.control.Heartbeat;
import io.fennel.protocol.control.PoolGrow;
import io.fennel.protocol.control.PoolRestart;
import io.fennel.protocol.control.PoolShrink;
import io.fennel.protocol.control.Query;
import io.fennel.protocol.control.RateLimit;
import io.fennel.protocol.control.Revoke;
import io.fennel.protocol.control.Shutdown;
import io.fennel.protocol.control.Terminate;
import io.fennel.protocol.control.TimeLimit;
import io.fennel.protocol.control.Unknown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every remote command a worker answers: a request is read as its {@link Command} and run by {@link
 * ControlCommands} (what changes the worker) or {@link InspectCommands} (what only asks). The
 * result is the reply payload, or null when the command sends no reply (shutdown, heartbeat, a
 * hello from this node itself).
 */
public final class Commands {
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  final String node;
  final LamportClock lamport;
  final Scheduler scheduler;
  private final ControlCommands control;
  private final InspectCommands inspect;
  private final LimitsCommands limits;

  public Commands(
      Worker worker, long pid, LamportClock lamport, Scheduler scheduler, AgentHooks hooks) {
    WorkerPort port = new WorkerPort(worker);
    this.node = port.node();
    this.lamport = lamport;
    this.scheduler = scheduler;
    this.control = new ControlCommands(port, hooks);
    this.inspect = new InspectCommands(port, node, pid, lamport, scheduler, this::now);
    this.limits = new LimitsCommands(port);
  }

  /**
   * Runs a request. Unknown methods and bad arguments become {@code {"error": ...}} replies; a
   * failing command never throws out of here.
   *
   * @return the reply payload, or null when none is sent
   */
  public JsonNode dispatch(ControlRequest request) {
    try {
      return run(Command.parse(request));
    } catch (CommandArgumentException e) {
      return ControlCodec.error(e.getMessage());
    } catch (RuntimeException e) {
      log.warn("control command {} failed", request.method(), e);
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return ControlCodec.error(request.method() + " failed: " + msg);
    }
  }

  private JsonNode run(Command command) {
    return switch (command) {
      case Revoke c -> control.revoke(c);
      case Terminate c -> control.revoke(c.asRevoke());
      case RateLimit c -> control.rateLimit(c);
      case TimeLimit c -> control.timeLimit(c);
      case PoolGrow c -> control.poolGrow(c);
      case PoolShrink c -> control.poolShrink(c);
      case PoolRestart c -> control.poolRestart(c);
      case Autoscale c -> control.autoscale(c);
      case AddConsumer c -> control.addConsumer(c);
      case CancelConsumer c -> control.cancelConsumer(c);
      case EnableEvents c -> control.taskEvents(true);
      case DisableEvents c -> control.taskEvents(false);
      case Heartbeat c -> control.heartbeat();
      case Shutdown c -> control.shutdown();
      case Query q -> inspect.answer(q);
      case Unknown u ->
          u.method().equals(LimitsCommands.METHOD)
              ? limits.limits()
              : ControlCodec.error("unknown command '" + u.method() + "'");
    };
  }

  /** Now in float epoch seconds, from the injected clock. */
  double now() {
    var t = scheduler.clock().instant();
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
