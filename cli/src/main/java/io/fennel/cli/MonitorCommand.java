package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel monitor}: the operations console. Collects every worker's events from the broker,
 * serves the dashboard, the REST API on Flower's paths, an SSE stream and Prometheus metrics, and
 * carries operators' commands to workers. Runs until Ctrl-C or SIGTERM.
 */
@Command(
    name = "monitor",
    description = "Run the operations console (web UI, REST API, Prometheus metrics).",
    mixinStandardHelpOptions = true)
final class MonitorCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "5555",
      description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--address",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String address;

  @Option(
      names = "--history",
      paramLabel = "URL",
      description =
          "Keep the event history in a Redis stream (redis://host:6379/0) so a restart loses"
              + " nothing. Default: memory only.")
  String history;

  @Option(
      names = "--max-tasks",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Tasks kept; the oldest go first. Default: ${DEFAULT-VALUE}.")
  int maxTasks;

  @Option(
      names = "--purge-offline-after",
      paramLabel = "S",
      description = "Forget workers offline for this many seconds. Default: keep them.")
  Long purgeOfflineAfter;

  @Option(
      names = "--basic-auth",
      paramLabel = "USER:PASS",
      description = "Require HTTP basic auth for pages and API. Default: $FENNEL_BASIC_AUTH.")
  String basicAuth;

  @Option(
      names = "--api-token",
      paramLabel = "TOKEN",
      description =
          "Accept 'Authorization: Bearer TOKEN' on the API (16+ characters). Default:"
              + " $FENNEL_API_TOKEN.")
  String apiToken;

  @Option(names = "--read-only", description = "Hide and refuse every action.")
  boolean readOnly;

  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    try (Fennel app = brokerOptions.app(root.environment())) {
      MonitorOptions.Builder o =
          MonitorOptions.builder()
              .brokerUrl(app.config().brokerUrl())
              .app(app)
              .port(port)
              .address(address)
              .maxTasks(maxTasks);
      if (history != null && !history.isBlank()) {
        o.history(history);
      }
      if (purgeOfflineAfter != null) {
        o.purgeOfflineAfter(Duration.ofSeconds(purgeOfflineAfter));
      }
      configureAccess(o);
      try (Monitor monitor = Monitor.start(o.build())) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            "Fennel console on http://"
                + (address.equals("0.0.0.0") ? "localhost" : address)
                + ":"
                + monitor.port()
                + "/  (broker "
                + io.fennel.core.url.Urls.maskPassword(app.config().brokerUrl())
                + ", history "
                + (monitor.historyEnabled() ? history : "in memory only")
                + "); Ctrl-C to stop.");
        out.flush();
        StopOnSignal signals = StopOnSignal.install(stop::countDown);
        try {
          stop.await();
        } finally {
          signals.close();
        }
      }
    }
    return 0;
  }

  /** Applies the access flags (authentication, read-only) to the console's options. */
  void configureAccess(MonitorOptions.Builder o) {
    var env = root.environment().variables();
    String user = basicAuth != null ? basicAuth : env.get("FENNEL_BASIC_AUTH");
    String token = apiToken != null ? apiToken : env.get("FENNEL_API_TOKEN");
    if (user != null && !user.isBlank()) {
      o.basicAuth(user);
    }
    if (token != null && !token.isBlank()) {
      o.apiToken(token);
    }
    o.readOnly(readOnly);
  }
}
