package io.fennel.protocol.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A remote-control or inspect request broadcast on {@code celery.pidbox}: which command, its
 * arguments, which nodes it is for and, when the caller waits for answers, where to reply.
 *
 * @param method the command, e.g. {@code ping}, {@code revoke}, {@code active}
 * @param arguments its keyword arguments ({@code {}} when none)
 * @param destination node names it is for; null (or empty, as kombu treats it) means every node
 * @param pattern a node-name pattern it is for, or null
 * @param matcher how {@code pattern} matches: {@code glob} (the default when null) or {@code pcre}
 * @param ticket the caller's id for this call, echoed in reply headers; null for casts
 * @param replyTo where replies go; null for casts (no reply wanted)
 * @param extra body fields not modelled here, in arrival order
 */
public record ControlRequest(
    String method,
    ObjectNode arguments,
    List<String> destination,
    String pattern,
    String matcher,
    String ticket,
    ReplyTo replyTo,
    Map<String, JsonNode> extra) {

  public ControlRequest {
    Objects.requireNonNull(method, "method");
    arguments = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments.deepCopy();
    destination = destination == null ? null : List.copyOf(destination);
    extra = copy(extra);
  }

  /** A request every node executes and nobody answers (Celery's default for revoke, shutdown). */
  public static ControlRequest cast(String method, ObjectNode arguments) {
    return new ControlRequest(method, arguments, null, null, null, null, null, Map.of());
  }

  /** A request every node answers, to the caller's reply address, tagged with {@code ticket}. */
  public static ControlRequest call(
      String method, ObjectNode arguments, String ticket, ReplyTo replyTo) {
    return new ControlRequest(
        method,
        arguments,
        null,
        null,
        null,
        Objects.requireNonNull(ticket, "ticket"),
        Objects.requireNonNull(replyTo, "replyTo"),
        Map.of());
  }

  /** This request, addressed only to the named nodes. */
  public ControlRequest withDestination(List<String> nodes) {
    return new ControlRequest(method, arguments, nodes, pattern, matcher, ticket, replyTo, extra);
  }

  /**
   * This request, addressed to nodes whose name matches {@code pattern} ({@code glob} or {@code
   * pcre}).
   */
  public ControlRequest withPattern(String pattern, String matcher) {
    return new ControlRequest(
        method, arguments, destination, pattern, matcher, ticket, replyTo, extra);
  }

  /** A copy of the arguments (the record's own stay unchanged). */
  @Override
  public ObjectNode arguments() {
    return arguments.deepCopy();
  }

  /** Whether the caller waits for a reply (the request carries {@code reply_to}). */
  public boolean wantsReply() {
    return replyTo != null;
  }

  /**
   * Whether the node named {@code nodeName} should execute this request: it is in {@code
   * destination} (when that is given and not empty) and matches {@code pattern} (when given).
   *
   * @throws io.fennel.protocol.ProtocolException when the matcher is unknown or the pattern invalid
   */
  public boolean isFor(String nodeName) {
    Objects.requireNonNull(nodeName, "nodeName");
    if (destination != null && !destination.isEmpty() && !destination.contains(nodeName)) {
      return false;
    }
    return pattern == null || pattern.isEmpty() || NodeMatcher.matches(nodeName, pattern, matcher);
  }

  private static Map<String, JsonNode> copy(Map<String, JsonNode> extra) {
    if (extra == null || extra.isEmpty()) {
      return Map.of();
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    extra.forEach((k, v) -> copy.put(k, v.deepCopy()));
    return Collections.unmodifiableMap(copy);
  }
}
