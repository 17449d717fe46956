package io.fennel.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel control CMD ARGS}: sends a remote control command to workers (Fennel's and
 * Celery's) and prints each node's reply, as {@code celery control} does. Arguments are checked
 * before anything is sent.
 */
@Command(
    name = "control",
    description = {
      "Send a control command to workers; works on Fennel and Celery workers alike.",
      "Exit status: 0 when every reply is ok, 1 when a worker replied with an error,",
      "2 for bad arguments (nothing is sent), 69 (as Celery) when no worker replied in time."
    },
    footerHeading = "%nCommands:%n",
    footer = {
      "  revoke ID...                  Revoke tasks (--terminate: stop running ones).",
      "  terminate SIGNAL ID...        Stop running tasks: SIGTERM, SIGKILL, SIGINT...",
      "  rate_limit TASK RATE          Set a rate limit: 10/s, 100/m, 0 for none.",
      "  time_limit TASK SOFT [HARD]   Set time limits in seconds.",
      "  pool_grow [N]                 Add N pool threads (default 1).",
      "  pool_shrink [N]               Remove N pool threads (default 1).",
      "  autoscale MAX MIN             Set the pool's size bounds.",
      "  add_consumer QUEUE [EXCHANGE  Start consuming a queue.",
      "    [TYPE [ROUTING_KEY]]]      ",
      "  cancel_consumer QUEUE         Stop consuming a queue.",
      "  enable_events                 Switch task events on.",
      "  disable_events                Switch task events off.",
      "  heartbeat                     Send a heartbeat now (no reply awaited).",
      "  shutdown                      Warm shutdown (no reply awaited)."
    },
    mixinStandardHelpOptions = true)
final class ControlCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Mixin RemoteOptions remote;

  @Parameters(
      index = "0",
      paramLabel = "CMD",
      completionCandidates = Names.class,
      description = "What to do: ${COMPLETION-CANDIDATES}.")
  String command;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments of CMD.")
  List<String> args = new ArrayList<>();

  @Option(names = "--terminate", description = "With revoke: also stop the task if running.")
  boolean terminate;

  @Option(
      names = "--signal",
      paramLabel = "SIG",
      description = "With revoke --terminate: SIGTERM (default) or SIGKILL.")
  String signal;

  /** The command names, for help and completion. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(ControlAction.values()).map(ControlAction::wireName).iterator();
    }
  }

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    ControlAction action =
        ControlAction.parse(command)
            .orElseThrow(() ->
                new CommandLine.ParameterException(
                    cl,
                    "unknown control command '"
                        + command
                        + "'; choose one of: "
                        + ControlAction.names()));
    io.fennel.protocol.control.Command sent;
    try {
      sent = action.command(args, terminate, signal);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    Duration timeout = remote.timeout(cl);
    try (Fennel app = brokerOptions.app(root.environment())) {
      Control control = new Control(app);
      if (!sent.answered()) {
        control.send(sent, remote.nodes(), timeout, false);
        cl.getOut().println(sent.method() + " sent");
        cl.getOut().flush();
        return 0;
      }
      Map<String, JsonNode> replies = control.call(sent, remote.nodes(), timeout, null);
      return RemoteReplies.print(cl, replies, remote.json, RemoteReplies::pretty, false);
    }
  }
}
