package io.fennel.agent.mailbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.time.Scheduler;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.control.ControlCodec;
import io.fennel.protocol.control.ControlRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every remote command a worker answers, in one table from method name to handler: the control
 * commands ({@link ControlCommands}) and the inspect commands ({@link InspectCommands}). A handler
 * returns the reply payload, or null when the command sends no reply (shutdown, heartbeat, a hello
 * from this node itself).
 */
public final class Commands {
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  /** One command: reads its arguments, acts, returns the reply payload or null for none. */
  @FunctionalInterface
  interface Command {
    JsonNode run(Args args);
  }

  final Worker worker;
  final String node;
  final long pid;
  final LamportClock lamport;
  final Scheduler scheduler;
  final AgentHooks hooks;
  private final Map<String, Command> table = new LinkedHashMap<>();

  public Commands(
      Worker worker, long pid, LamportClock lamport, Scheduler scheduler, AgentHooks hooks) {
    this.worker = worker;
    this.node = worker.hostname();
    this.pid = pid;
    this.lamport = lamport;
    this.scheduler = scheduler;
    this.hooks = hooks;
    ControlCommands.register(this);
    InspectCommands.register(this);
    LimitsCommands.register(this);
  }

  void add(String method, Command command) {
    table.put(method, command);
  }

  /** The method names this worker answers. */
  public Set<String> methods() {
    return Collections.unmodifiableSet(table.keySet());
  }

  /**
   * Runs a request. Unknown methods and bad arguments become {@code {"error": ...}} replies; a
   * failing command never throws out of here.
   *
   * @return the reply payload, or null when none is sent
   */
  public JsonNode dispatch(ControlRequest request) {
    Command c = table.get(request.method());
    if (c == null) {
      return ControlCodec.error("unknown command '" + request.method() + "'");
    }
    try {
      return c.run(new Args(request.method(), request.arguments()));
    } catch (BadArgument e) {
      return ControlCodec.error(e.getMessage());
    } catch (RuntimeException e) {
      log.warn("control command {} failed", request.method(), e);
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return ControlCodec.error(request.method() + " failed: " + msg);
    }
  }

  /** Now in float epoch seconds, from the injected clock. */
  double now() {
    var t = scheduler.clock().instant();
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
