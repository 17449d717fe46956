package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel purge}: deletes every waiting message of some queues, after asking on stdin unless
 * {@code -f}; messages already delivered to workers are not touched.
 */
@Command(
    name = "purge",
    description = "Delete every waiting message of queues (asks first unless -f).",
    mixinStandardHelpOptions = true)
final class PurgeCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Option(
      names = {"-Q", "--queues"},
      split = ",",
      paramLabel = "QUEUE",
      description = "Queues to purge, comma-separated. Default: task_default_queue (celery).")
  List<String> queues = new ArrayList<>();

  @Option(
      names = {"-f", "--force"},
      description = "Do not ask for confirmation.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (Fennel app = brokerOptions.app(root.environment())) {
      List<String> names = queues.isEmpty() ? List.of(app.config().taskDefaultQueue()) : queues;
      Broker broker = app.unsafe().broker();
      List<String> existing = new ArrayList<>();
      long waiting = 0;
      for (String q : names) {
        var stats = broker.queueStats(q);
        if (stats.isPresent()) {
          existing.add(q);
          waiting += stats.get().messages();
        }
      }
      String list = String.join(", ", names);
      if (waiting == 0) {
        out.println("No messages waiting in " + list + "; nothing deleted.");
        return 0;
      }
      if (!force
          && !confirm(out, "Delete " + waiting + " " + messages(waiting) + " from " + list)) {
        out.println("Nothing deleted.");
        return 0;
      }
      long deleted = 0;
      for (String q : existing) {
        deleted += broker.purge(q);
      }
      out.println("Deleted " + deleted + " " + messages(deleted) + " from " + list + ".");
      return 0;
    }
  }

  private static String messages(long n) {
    return n == 1 ? "message" : "messages";
  }

  private boolean confirm(PrintWriter out, String question) throws IOException {
    out.print(question + "? [y/N] ");
    out.flush();
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(root.environment().stdin(), StandardCharsets.UTF_8));
    String answer = in.readLine();
    if (answer == null || System.console() == null) {
      out.println(); // the answer was not echoed by a terminal
    }
    String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
    return a.equals("y") || a.equals("yes");
  }
}
