package io.fennel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.PythonJson;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine;

/**
 * Prints the workers' replies to a remote command as Celery's CLI does: {@code -> node: OK} and the
 * reply indented below it, or with {@code --json} one object {@code {node: reply}}; and decides the
 * exit code.
 */
final class RemoteReplies {
  /**
   * Exit code when no worker answered in time: {@code EX_UNAVAILABLE}, as Celery 5.2's {@code
   * inspect}, {@code control} and {@code status} return.
   */
  static final int NO_REPLY = 69;

  /** Exit code when a worker answered {@code {"error": ...}}. */
  static final int ERROR_REPLY = 1;

  static final String NO_REPLY_MESSAGE = "Error: No nodes replied within time constraint.";

  private RemoteReplies() {}

  /**
   * Prints the replies.
   *
   * @param render turns one node's payload (what {@code ok} or {@code error} holds, or the whole
   *     reply when it has neither) into readable lines; null prints only the status line
   * @param footer whether to end with {@code N node(s) online.}
   * @return 0, {@link #ERROR_REPLY} when a node replied with an error, {@link #NO_REPLY} when none
   *     replied
   */
  static int print(
      CommandLine cl,
      Map<String, JsonNode> replies,
      boolean json,
      Function<JsonNode, String> render,
      boolean footer) {
    PrintWriter out = cl.getOut();
    if (replies.isEmpty()) {
      cl.getErr().println(NO_REPLY_MESSAGE);
      cl.getErr().flush();
      return NO_REPLY;
    }
    boolean anyError = replies.values().stream().anyMatch(RemoteReplies::isError);
    if (json) {
      ObjectNode all = JsonNodeFactory.instance.objectNode();
      replies.forEach(all::set);
      out.println(PythonJson.write(all));
    } else {
      replies.forEach((node, reply) -> {
        out.println("-> " + node + ": " + (isError(reply) ? "ERROR" : "OK"));
        if (render != null) {
          String body = render.apply(payload(reply));
          if (!body.isEmpty()) {
            out.println(indent(body, 4));
          }
        }
      });
      if (footer) {
        out.println();
        out.println(nodesOnline(replies.size()));
      }
    }
    out.flush();
    return anyError ? ERROR_REPLY : 0;
  }

  /** {@code 1 node online.}, {@code 2 nodes online.} */
  static String nodesOnline(int n) {
    return n + (n == 1 ? " node" : " nodes") + " online.";
  }

  static boolean isError(JsonNode reply) {
    return reply != null && reply.isObject() && reply.has("error") && !reply.has("ok");
  }

  /** What {@code ok} or {@code error} holds, else the reply itself. */
  static JsonNode payload(JsonNode reply) {
    if (reply != null && reply.isObject()) {
      if (reply.has("ok")) {
        return reply.get("ok");
      }
      if (reply.has("error")) {
        return reply.get("error");
      }
    }
    return reply;
  }

  /**
   * Celery's rendering: text as is; a list one {@code * item} a line (or {@code - empty -}); an
   * object as indented JSON.
   */
  static String pretty(JsonNode value) {
    if (value == null || value.isNull()) {
      return "";
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isArray()) {
      return bullets(value, RemoteReplies::inline);
    }
    if (value.isObject()) {
      try {
        return PythonJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
      } catch (JsonProcessingException e) {
        return value.toString();
      }
    }
    return value.toString();
  }

  /** One {@code * line} per element, or {@code - empty -}. */
  static String bullets(JsonNode array, Function<JsonNode, String> line) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      return "- empty -";
    }
    return StreamSupport.stream(array.spliterator(), false)
        .map(item -> "* " + line.apply(item))
        .collect(Collectors.joining("\n"));
  }

  /** A value on one line: text as is, anything else as compact JSON. */
  static String inline(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "-";
    }
    return value.isTextual() ? value.textValue() : PythonJson.write(value);
  }

  static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    return text.lines().map(l -> l.isEmpty() ? l : pad + l).collect(Collectors.joining("\n"));
  }
}
