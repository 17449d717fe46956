package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.MonitorOptionsBuilder;
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
      names = "--queue-name",
      paramLabel = "NAME",
      description =
          "Read events from this durable queue, so events sent while the console is down or"
              + " reconnecting wait for it (1,000,000 at most; deleted an hour after its console"
              + " is gone). Default: fennel.monitor.<host>.<port>; with --port 0 an exclusive"
              + " queue.")
  String queueName;

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
      defaultValue = "3600",
      description =
          "Forget workers offline for this many seconds (0: never). Default: ${DEFAULT-VALUE}.")
  long purgeOfflineAfter;

  @Option(
      names = "--max-task-names",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Task names counted (and labelled in /metrics) on their own; the rest count as 'other'."
              + " Default: ${DEFAULT-VALUE}.")
  int maxTaskNames;

  @Option(
      names = "--max-workers",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Workers known at once; events from more host names are refused. Default:"
              + " ${DEFAULT-VALUE}.")
  int maxWorkers;

  @Option(
      names = "--max-field-bytes",
      paramLabel = "BYTES",
      defaultValue = "65536",
      description =
          "Bytes kept of each task's args, kwargs, result, exception and traceback; longer ones"
              + " are cut and marked. Default: ${DEFAULT-VALUE}.")
  int maxFieldBytes;

  @Option(
      names = "--no-auth",
      description =
          "Allow a non-loopback --address without any authentication (refused otherwise).")
  boolean noAuth;

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

  @Option(
      names = "--basic-auth-file",
      paramLabel = "FILE",
      description =
          "Users with password hashes, one user:hash a line: bcrypt (htpasswd -B),"
              + " {SHA-256}base64 or {PBKDF2}iterations:salt:hash.")
  java.nio.file.Path basicAuthFile;

  @Option(
      names = "--certfile",
      paramLabel = "PEM",
      description = "Serve HTTPS with this PEM certificate chain (needs --keyfile).")
  java.nio.file.Path certFile;

  @Option(
      names = "--keyfile",
      paramLabel = "PEM",
      description = "The PKCS#8 PEM private key of --certfile.")
  java.nio.file.Path keyFile;

  @Option(
      names = "--url-prefix",
      paramLabel = "PATH",
      description = "Serve everything under this path, e.g. /ops behind a proxy. Default: /.")
  String urlPrefix;

  @Option(
      names = "--trust-proxy",
      description = "Take the client address from X-Forwarded-For (only behind a proxy you run).")
  boolean trustProxy;

  @Option(
      names = "--oidc-issuer",
      paramLabel = "URL",
      description = "Log browsers in through this OpenID Connect provider.")
  java.net.URI oidcIssuer;

  @Option(
      names = "--oidc-client-id",
      paramLabel = "ID",
      description = "The console's client id at the provider.")
  String oidcClientId;

  @Option(
      names = "--oidc-client-secret",
      paramLabel = "SECRET",
      description = "The client secret. Default: $FENNEL_OIDC_CLIENT_SECRET (none: PKCE only).")
  String oidcClientSecret;

  @Option(
      names = "--oidc-allowed-domains",
      split = ",",
      paramLabel = "DOMAIN",
      description = "E-mail domains let in (comma-separated). Default: any.")
  java.util.List<String> oidcDomains;

  @Option(
      names = "--oidc-allowed-groups",
      split = ",",
      paramLabel = "GROUP",
      description = "Values of the groups claim let in (comma-separated). Default: any.")
  java.util.List<String> oidcGroups;

  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    try (Fennel app = brokerOptions.app(root.environment())) {
      MonitorOptionsBuilder o =
          MonitorOptions.builder()
              .brokerUrl(app.config().brokerUrl())
              .app(app)
              .port(port)
              .address(address)
              .maxTasks(maxTasks)
              .maxTaskNames(maxTaskNames)
              .maxWorkers(maxWorkers)
              .maxFieldBytes(maxFieldBytes)
              .allowOpen(noAuth)
              .queueName(queueName);
      if (history != null && !history.isBlank()) {
        o.history(history);
      }
      o.purgeOfflineAfter(purgeOfflineAfter <= 0 ? null : Duration.ofSeconds(purgeOfflineAfter));
      configureAccess(o);
      try (Monitor monitor = Monitor.start(o.build())) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            "Fennel console on "
                + monitor.url()
                + (address.equals("0.0.0.0") || address.equals("::")
                    ? " (every interface of this host)"
                    : "")
                + "  (broker "
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
  void configureAccess(MonitorOptionsBuilder o) {
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
    o.basicAuthFile(basicAuthFile);
    o.tls(certFile, keyFile);
    o.urlPrefix(urlPrefix);
    o.trustProxy(trustProxy);
    if (oidcIssuer != null) {
      String secret =
          oidcClientSecret != null ? oidcClientSecret : env.get("FENNEL_OIDC_CLIENT_SECRET");
      o.oidc(
          new io.fennel.monitor.auth.OidcSettings(
              oidcIssuer, oidcClientId, secret, oidcDomains, oidcGroups));
    }
  }
}
