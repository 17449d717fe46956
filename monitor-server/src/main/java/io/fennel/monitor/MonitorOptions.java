package io.fennel.monitor;

import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.time.Scheduler;
import io.fennel.monitor.auth.OidcSettings;
import io.fennel.monitor.auth.Users;
import io.fennel.monitor.http.WorkerCommands;
import io.fennel.monitor.state.StateLimits;
import java.time.Duration;

/**
 * How to run the console: where events come from, where it listens, where history is kept and how
 * much it keeps. Immutable; built by {@link #builder()}, whose setters fail fast naming the bad
 * value.
 *
 * @param brokerUrl the broker to read events from (ignored when {@code broker} is given)
 * @param broker a broker connection to use instead of opening {@code brokerUrl}; not closed
 * @param address the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param historyUrl {@code redis://host:port/db} to journal events to, or null for memory only
 * @param historyKey the Redis stream key
 * @param historyMaxLen roughly how many event messages the journal keeps
 * @param maxTasks how many tasks the console keeps (the oldest go first)
 * @param maxTaskNames task names counted on their own; the rest count under {@code other}
 * @param maxWorkers workers known at once; events from further host names are refused
 * @param maxFieldBytes bytes kept of each task's args, kwargs, result, exception and traceback
 * @param purgeOfflineAfter forget workers offline this long (default 1 h); null keeps them
 * @param scheduler time and timers; null: a scheduler of the console's own
 * @param queueSampleInterval how often queue depths are measured
 * @param sseBuffer messages buffered per browser before the oldest are dropped
 * @param app the Fennel app that sends tasks and control casts; null: one over the broker
 * @param commands remote control of workers; null: casts through {@code app}
 * @param basicAuth {@code user:password} that pages and API require, or null
 * @param apiToken a token the API accepts as {@code Authorization: Bearer <token>}, or null
 * @param readOnly hide every action and refuse every mutating request
 * @param allowOpen {@code --no-auth}: serve a non-loopback address without authentication
 * @param certFile {@code --certfile}: PEM certificate chain to serve HTTPS with, or null
 * @param keyFile {@code --keyfile}: the PEM (PKCS#8) private key of {@code certFile}, or null
 * @param urlPrefix {@code --url-prefix}: the path everything is served under, or "" for the root
 * @param trustProxy {@code --trust-proxy}: take the client address and scheme from X-Forwarded-*
 * @param basicAuthFile {@code --basic-auth-file}: users with password hashes, or null
 * @param oidc {@code --oidc-issuer} and friends: OpenID Connect login, or null
 * @param queueName {@code --queue-name}: the durable event queue to read, or null for the default
 */
public record MonitorOptions(
    String brokerUrl,
    Broker broker,
    String address,
    int port,
    String historyUrl,
    String historyKey,
    long historyMaxLen,
    int maxTasks,
    int maxTaskNames,
    int maxWorkers,
    int maxFieldBytes,
    Duration purgeOfflineAfter,
    Scheduler scheduler,
    Duration queueSampleInterval,
    int sseBuffer,
    Fennel app,
    WorkerCommands commands,
    String basicAuth,
    String apiToken,
    boolean readOnly,
    boolean allowOpen,
    java.nio.file.Path certFile,
    java.nio.file.Path keyFile,
    String urlPrefix,
    boolean trustProxy,
    java.nio.file.Path basicAuthFile,
    OidcSettings oidc,
    String queueName) {

  /** Flower's default port. */
  public static final int DEFAULT_PORT = 5555;

  /** Default time after which offline workers are forgotten. */
  public static final Duration DEFAULT_PURGE_OFFLINE_AFTER = Duration.ofHours(1);

  /** The bounds of the cluster state. */
  public StateLimits limits() {
    return new StateLimits(maxTasks, maxTaskNames, maxWorkers, maxFieldBytes);
  }

  /** Whether neither basic auth nor an API token is configured. */
  public boolean noAuth() {
    return basicAuth == null && basicAuthFile == null && apiToken == null && oidc == null;
  }

  /** The users of {@code --basic-auth} and {@code --basic-auth-file}, or null when neither. */
  public Users users() {
    if (basicAuth == null && basicAuthFile == null) {
      return null;
    }
    return basicAuthFile != null ? Users.read(basicAuthFile) : Users.parse(basicAuth);
  }

  /** Like the record's, with the password and token masked. */
  @Override
  public String toString() {
    return "MonitorOptions[brokerUrl=%s, address=%s, port=%d, history=%s, maxTasks=%d, basicAuth=%s, apiToken=%s, readOnly=%s]"
        .formatted(
            brokerUrl,
            address,
            port,
            historyUrl == null ? "memory" : historyUrl,
            maxTasks,
            basicAuth == null ? "none" : Users.parse(basicAuth).names() + ":***",
            apiToken == null ? "none" : "***",
            readOnly);
  }

  /** A builder with the defaults: port 5555 on 127.0.0.1, 100,000 tasks, no history. */
  public static MonitorOptionsBuilder builder() {
    return new MonitorOptionsBuilder();
  }
}
