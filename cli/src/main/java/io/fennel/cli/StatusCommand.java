package io.fennel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.control.Control;
import io.fennel.core.Fennel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel status}: pings the workers and lists those that answered, one a line, then how many
 * are online, as {@code celery status} does.
 */
@Command(
    name = "status",
    description = {
      "List the workers online (Fennel's and Celery's) by pinging them.",
      "Exit status: 0 when a worker answered, 69 (as Celery) when none did in time."
    },
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Mixin RemoteOptions remote;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    Duration timeout = remote.timeout(cl);
    try (Fennel app = brokerOptions.app(root.environment())) {
      Map<String, JsonNode> replies = new Control(app).ping(remote.nodes(), timeout);
      return RemoteReplies.print(cl, replies, remote.json, null, true);
    }
  }
}
