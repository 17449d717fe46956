package io.fennel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.TaskFailedException;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ResultNotes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel call NAME}: sends a task by name (it need not be defined here) and prints its id;
 * with {@code --wait}, also its result as JSON on the last line, or the remote exception on stderr
 * and exit 1.
 */
@Command(
    name = "call",
    description = "Send a task by name and print its id.",
    mixinStandardHelpOptions = true)
final class CallCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Parameters(index = "0", paramLabel = "NAME", description = "Task name, e.g. demo.add.")
  String name;

  @Option(
      names = {"-a", "--args"},
      paramLabel = "JSON",
      description = "Positional arguments as a JSON list, e.g. '[2, 3]'.")
  String args;

  @Option(
      names = {"-k", "--kwargs"},
      paramLabel = "JSON",
      description = "Keyword arguments as a JSON object, e.g. '{\"x\": 2}'.")
  String kwargs;

  @Option(names = "--countdown", paramLabel = "S", description = "Run no sooner than S seconds.")
  Double countdown;

  @Option(
      names = "--eta",
      paramLabel = "ISO",
      description = "Run no sooner than this time, e.g. 2030-01-01T12:00:00Z (local if no zone).")
  String eta;

  @Option(
      names = "--expires",
      paramLabel = "S",
      description = "Discard the task if not started within S seconds.")
  Double expires;

  @Option(
      names = {"-Q", "--queue"},
      paramLabel = "QUEUE",
      description = "Queue to send to.")
  String queue;

  @Option(names = "--priority", paramLabel = "N", description = "Priority 0 (low) to 9 (high).")
  Integer priority;

  @Option(
      names = "--exchange",
      paramLabel = "NAME",
      description = "Exchange to publish to (a direct exchange, declared if missing).")
  String exchange;

  @Option(
      names = "--routing-key",
      paramLabel = "KEY",
      description = "Routing key. Default: the queue's name.")
  String routingKey;

  @Option(
      names = "--serializer",
      paramLabel = "NAME",
      description = "Body format: json, msgpack, yaml or auth (signed). Default: task_serializer.")
  String serializer;

  @Option(
      names = "--compression",
      paramLabel = "NAME",
      description = "Compress the body: zlib, gzip or bzip2. Default: task_compression (none).")
  String compression;

  @Option(names = "--wait", description = "Wait for the result and print it as JSON.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      defaultValue = "30",
      description = "With --wait, give up after S seconds (exit 1). Default: ${DEFAULT-VALUE}.")
  double timeout;

  @Override
  public Integer call() {
    List<Object> positional = parseArgs(args);
    Map<String, Object> keywords = parseKwargs(kwargs);
    SendOptions options = sendOptions();
    if (await && !(timeout > 0)) {
      throw new IllegalArgumentException("--timeout must be a positive number, was " + timeout);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Fennel app =
        brokerOptions.app(
            root.environment(),
            b -> {
              if (serializer != null) {
                b.taskSerializer(serializer);
              }
              if (compression != null) {
                b.set("task_compression", compression);
              }
            })) {
      if (await && app.config().resultBackend() == null) {
        throw new IllegalArgumentException(
            "--wait needs a result backend; pass --result-backend (e.g. redis://localhost:6379/1"
                + " or rpc://) or set FENNEL_RESULT_BACKEND");
      }
      AsyncResult result = app.sendTask(name, positional, keywords, options);
      result.awaitSent(seconds(30)); // print the id only of a message the broker took
      out.println(result.id());
      out.flush();
      if (!await) {
        return 0;
      }
      try {
        JsonNode value = result.get(seconds(timeout));
        out.println(PythonJson.MAPPER.writeValueAsString(value));
        return 0;
      } catch (TaskFailedException e) {
        PrintWriter err = spec.commandLine().getErr();
        result.record().ifPresent(r -> ResultNotes.of(r).forEach(n -> err.println("note: " + n)));
        printFailure(err, e);
        return 1;
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot print the result of " + result.id(), e);
      }
    }
  }

  /** The remote exception, Python-style: traceback, then {@code module.Type: message}. */
  static void printFailure(PrintWriter err, TaskFailedException e) {
    if (e.remoteTraceback() != null && !e.remoteTraceback().isBlank()) {
      err.println(e.remoteTraceback().stripTrailing());
    }
    String module =
        e.excModule() == null || e.excModule().equals("builtins") ? "" : e.excModule() + ".";
    err.println(e.state() + ": " + module + e.excType() + ": " + e.excMessage());
    err.flush();
  }

  static List<Object> parseArgs(String json) {
    if (json == null) {
      return List.of();
    }
    JsonNode node = parse(json);
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(
          "--args must be a JSON list such as '[2, 3]', was '" + json + "'");
    }
    return PythonJson.MAPPER.convertValue(
        node, PythonJson.MAPPER.getTypeFactory().constructCollectionType(List.class, Object.class));
  }

  static Map<String, Object> parseKwargs(String json) {
    if (json == null) {
      return Map.of();
    }
    JsonNode node = parse(json);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "--kwargs must be a JSON object such as '{\"x\": 2}', was '" + json + "'");
    }
    return PythonJson.MAPPER.convertValue(
        node,
        PythonJson.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
  }

  private static JsonNode parse(String json) {
    try {
      return PythonJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  SendOptions sendOptions() {
    SendOptions.Builder b = SendOptions.builder();
    if (countdown != null) {
      if (!(countdown >= 0)) {
        throw new IllegalArgumentException(
            "--countdown must be a number of seconds >= 0, was " + countdown);
      }
      b.countdown(seconds(countdown));
    }
    if (eta != null) {
      b.eta(parseEta(eta));
    }
    if (expires != null) {
      if (!(expires > 0)) {
        throw new IllegalArgumentException(
            "--expires must be a positive number of seconds, was " + expires);
      }
      b.expires(seconds(expires));
    }
    if (queue != null) {
      b.queue(queue);
    }
    if (exchange != null) {
      b.exchange(exchange);
    }
    if (routingKey != null) {
      b.routingKey(routingKey);
    }
    if (priority != null) {
      if (priority < 0 || priority > 9) {
        throw new IllegalArgumentException("--priority must be between 0 and 9, was " + priority);
      }
      b.priority(priority);
    }
    return b.build();
  }

  static Instant parseEta(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "--eta must be an ISO-8601 time such as 2030-01-01T12:00:00Z, was '" + text + "'");
      }
    }
  }

  static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1_000_000_000L));
  }
}
