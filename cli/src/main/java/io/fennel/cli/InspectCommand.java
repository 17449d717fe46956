package io.fennel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.agent.control.Control;
import io.fennel.core.Fennel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel inspect CMD}: asks workers (Fennel's and Celery's) what they are doing and prints
 * each node's reply, as {@code celery inspect} does; exit 69 when no worker replied in time.
 */
@Command(
    name = "inspect",
    description = {
      "Ask workers what they are doing; works on Fennel and Celery workers alike.",
      "Exit status: 0 when workers replied, 69 (as Celery) when none replied in time."
    },
    footerHeading = "%nCommands:%n",
    footer = {
      "  ping                  Is the worker alive (replies pong).",
      "  active                Tasks running now.",
      "  reserved              Tasks received and waiting for a free pool slot.",
      "  scheduled             Tasks waiting for their ETA.",
      "  revoked               Ids of revoked tasks.",
      "  registered [ATTR...]  Task names the worker knows (Celery's add ATTRs, e.g. rate_limit).",
      "  stats                 Worker statistics (pool, broker, totals).",
      "  active_queues         Queues the worker consumes.",
      "  conf                  The worker's settings.",
      "  query_task ID...      Where these tasks are (active or reserved).",
      "  report                A bug-report summary of the worker's software.",
      "  clock                 The worker's Lamport clock."
    },
    mixinStandardHelpOptions = true)
final class InspectCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Mixin RemoteOptions remote;

  @Parameters(
      index = "0",
      paramLabel = "CMD",
      completionCandidates = Names.class,
      description = "What to ask: ${COMPLETION-CANDIDATES}.")
  String command;

  @Parameters(
      index = "1..*",
      paramLabel = "ARG",
      description = "Arguments of CMD: task ids, task attributes.")
  List<String> args = new ArrayList<>();

  /** The command names, for help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(InspectAction.values()).map(InspectAction::wireName).iterator();
    }
  }

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    InspectAction action =
        InspectAction.parse(command)
            .orElseThrow(() ->
                new CommandLine.ParameterException(
                    cl,
                    "unknown inspect command '"
                        + command
                        + "'; choose one of: "
                        + InspectAction.names()));
    ObjectNode arguments;
    try {
      arguments = action.arguments(args);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    Duration timeout = remote.timeout(cl);
    try (Fennel app = brokerOptions.app(root.environment())) {
      Map<String, JsonNode> replies =
          new Control(app)
              .inspect()
              .inspect(action.wireName(), arguments, remote.nodes(), timeout, null);
      return RemoteReplies.print(cl, replies, remote.json, action::render, true);
    }
  }
}
