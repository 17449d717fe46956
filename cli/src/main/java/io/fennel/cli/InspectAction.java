package io.fennel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.control.Active;
import io.fennel.protocol.control.ActiveQueues;
import io.fennel.protocol.control.Clock;
import io.fennel.protocol.control.Conf;
import io.fennel.protocol.control.Ping;
import io.fennel.protocol.control.Query;
import io.fennel.protocol.control.QueryTask;
import io.fennel.protocol.control.Registered;
import io.fennel.protocol.control.Report;
import io.fennel.protocol.control.Reserved;
import io.fennel.protocol.control.Revoked;
import io.fennel.protocol.control.Scheduled;
import io.fennel.protocol.control.Stats;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The read-only remote commands {@code fennel inspect} sends, by Celery's names: what arguments
 * each takes on the command line, the arguments it sends, and how a reply reads. ({@link
 * InspectCommand}'s help lists them with a line each.)
 */
enum InspectAction {
  PING(""),
  ACTIVE(""),
  RESERVED(""),
  SCHEDULED(""),
  REVOKED(""),
  REGISTERED("[ATTR...]"),
  STATS(""),
  ACTIVE_QUEUES(""),
  CONF(""),
  QUERY_TASK("ID..."),
  REPORT(""),
  CLOCK("");

  private final String signature;

  InspectAction(String signature) {
    this.signature = signature;
  }

  /** The name on the wire and the command line, e.g. {@code active_queues}. */
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** e.g. {@code query_task ID...}: the usage of this command. */
  String usage() {
    return signature.isEmpty() ? wireName() : wireName() + " " + signature;
  }

  static Optional<InspectAction> parse(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
  }

  /** The command names, comma-separated, for messages. */
  static String names() {
    return Arrays.stream(values()).map(InspectAction::wireName).collect(Collectors.joining(", "));
  }

  /**
   * The arguments sent for {@code args} given on the command line: those of {@link #query}.
   *
   * @throws IllegalArgumentException naming the command and its usage when they do not fit
   */
  ObjectNode arguments(List<String> args) {
    return query(args).toArguments();
  }

  /**
   * The query sent for {@code args} given on the command line.
   *
   * @throws IllegalArgumentException naming the command and its usage when they do not fit
   */
  Query query(List<String> args) {
    return switch (this) {
      case QUERY_TASK -> {
        if (args.isEmpty()) {
          throw new IllegalArgumentException(
              "inspect query_task needs at least one task id; usage: " + usage());
        }
        yield new QueryTask(args);
      }
      case REGISTERED -> new Registered(args);
      case PING -> none(args, new Ping());
      case ACTIVE -> none(args, new Active(null));
      case RESERVED -> none(args, new Reserved());
      case SCHEDULED -> none(args, new Scheduled());
      case REVOKED -> none(args, new Revoked());
      case STATS -> none(args, new Stats());
      case ACTIVE_QUEUES -> none(args, new ActiveQueues());
      case CONF -> none(args, new Conf(false));
      case REPORT -> none(args, new Report());
      case CLOCK -> none(args, new Clock());
    };
  }

  private Query none(List<String> args, Query query) {
    noArguments(args);
    return query;
  }

  private void noArguments(List<String> args) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException(
          "inspect " + wireName() + " takes no arguments, got '" + String.join(" ", args) + "'");
    }
  }

  /** One node's reply payload as readable lines. */
  String render(JsonNode payload) {
    return switch (this) {
      case ACTIVE, RESERVED -> RemoteReplies.bullets(payload, InspectAction::request);
      case SCHEDULED ->
          RemoteReplies.bullets(
              payload,
              s ->
                  RemoteReplies.inline(s.path("eta"))
                      + " priority="
                      + RemoteReplies.inline(s.path("priority"))
                      + " "
                      + request(s.path("request")));
      case ACTIVE_QUEUES ->
          RemoteReplies.bullets(
              payload,
              q ->
                  RemoteReplies.inline(q.path("name"))
                      + " exchange="
                      + RemoteReplies.inline(q.path("exchange").path("name"))
                      + "("
                      + RemoteReplies.inline(q.path("exchange").path("type"))
                      + ") routing_key="
                      + RemoteReplies.inline(q.path("routing_key")));
      case QUERY_TASK -> queryTask(payload);
      case CLOCK ->
          payload != null && payload.has("clock")
              ? "clock: " + RemoteReplies.inline(payload.get("clock"))
              : RemoteReplies.pretty(payload);
      default -> RemoteReplies.pretty(payload);
    };
  }

  /** {@code id name args kwargs} of a task request as inspect shows it. */
  private static String request(JsonNode r) {
    return RemoteReplies.inline(r.path("id"))
        + " "
        + RemoteReplies.inline(r.path("name"))
        + " "
        + RemoteReplies.inline(r.path("args"))
        + " "
        + RemoteReplies.inline(r.path("kwargs"));
  }

  private static String queryTask(JsonNode payload) {
    if (payload == null || !payload.isObject() || payload.isEmpty()) {
      return "- empty -";
    }
    StringBuilder sb = new StringBuilder();
    Iterator<String> ids = payload.fieldNames();
    while (ids.hasNext()) {
      String id = ids.next();
      JsonNode v = payload.get(id);
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      sb.append("* ")
          .append(id)
          .append(' ')
          .append(RemoteReplies.inline(v.path(0)))
          .append(' ')
          .append(RemoteReplies.inline(v.path(1).path("name")))
          .append(' ')
          .append(RemoteReplies.inline(v.path(1).path("args")));
    }
    return sb.toString();
  }
}
