package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A remote command as a type: what a {@code celery.pidbox} request asks of a worker, read from its
 * method name and arguments with the leniency of Celery's worker ({@link #from}) and written back
 * with Celery's argument names ({@link #toArguments}). The control commands change a worker; the
 * {@link Query} commands only ask; a method Fennel does not know is {@link Unknown}. Switches over
 * it have no default branch, so a new command fails to compile where it needs handling.
 */
public sealed interface Command
    permits Revoke,
        Terminate,
        RateLimit,
        TimeLimit,
        PoolGrow,
        PoolShrink,
        PoolRestart,
        Autoscale,
        AddConsumer,
        CancelConsumer,
        EnableEvents,
        DisableEvents,
        Heartbeat,
        Shutdown,
        Query,
        Unknown {

  /** The method name on the wire, e.g. {@code rate_limit}. */
  String method();

  /** The arguments as Celery's clients send them, in their order. */
  ObjectNode toArguments();

  /**
   * Whether a worker answers it: Celery's and Fennel's workers send no reply to {@code shutdown},
   * and Fennel's answer {@code heartbeat} with a heartbeat instead of a reply.
   */
  default boolean answered() {
    return true;
  }

  /**
   * Reads a command from its method and arguments.
   *
   * @param arguments the request's arguments; null means none
   * @return the command, or {@link Unknown} for a method Fennel does not know
   * @throws CommandArgumentException naming the argument, its value and the accepted forms
   */
  static Command from(String method, ObjectNode arguments) {
    Objects.requireNonNull(method, "method");
    ObjectNode json = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments;
    Arguments a = new Arguments(method, json);
    return switch (method) {
      case Revoke.METHOD -> Revoke.read(a);
      case Terminate.METHOD -> Terminate.read(a);
      case RateLimit.METHOD -> RateLimit.read(a);
      case TimeLimit.METHOD -> TimeLimit.read(a);
      case PoolGrow.METHOD -> new PoolGrow(PoolGrow.readN(a));
      case PoolShrink.METHOD -> new PoolShrink(PoolGrow.readN(a));
      case PoolRestart.METHOD -> PoolRestart.read(a);
      case Autoscale.METHOD -> Autoscale.read(a);
      case AddConsumer.METHOD -> AddConsumer.read(a);
      case CancelConsumer.METHOD -> CancelConsumer.read(a);
      case EnableEvents.METHOD -> new EnableEvents();
      case DisableEvents.METHOD -> new DisableEvents();
      case Heartbeat.METHOD -> new Heartbeat();
      case Shutdown.METHOD -> new Shutdown();
      case Ping.METHOD -> new Ping();
      case Active.METHOD -> Active.read(a);
      case Reserved.METHOD -> new Reserved();
      case Scheduled.METHOD -> new Scheduled();
      case Revoked.METHOD -> new Revoked();
      case Registered.METHOD -> Registered.read(a);
      case Stats.METHOD -> new Stats();
      case ActiveQueues.METHOD -> new ActiveQueues();
      case Conf.METHOD -> Conf.read(a);
      case QueryTask.METHOD -> QueryTask.read(a);
      case Report.METHOD -> new Report();
      case Clock.METHOD -> new Clock();
      case Hello.METHOD -> Hello.read(a);
      default -> new Unknown(method, json);
    };
  }

  /** Reads the command a request carries; see {@link #from}. */
  static Command parse(ControlRequest request) {
    return from(request.method(), request.arguments());
  }

  /** A request every node executes and nobody answers. */
  default ControlRequest cast() {
    return ControlRequest.cast(method(), toArguments());
  }

  /** A request every node answers to {@code replyTo}, tagged with {@code ticket}. */
  default ControlRequest call(String ticket, ReplyTo replyTo) {
    return ControlRequest.call(method(), toArguments(), ticket, replyTo);
  }
}
