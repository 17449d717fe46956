package io.fennel.monitor;

import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.time.Scheduler;
import io.fennel.monitor.auth.OidcSettings;
import io.fennel.monitor.auth.Users;
import io.fennel.monitor.history.RedisEventJournal;
import io.fennel.monitor.http.ServerSettings;
import io.fennel.monitor.http.WorkerCommands;
import io.fennel.monitor.state.StateLimits;
import java.time.Duration;
import java.util.Locale;

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
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link MonitorOptions}. */
  public static final class Builder {
    private String brokerUrl = "amqp://guest:guest@localhost:5672//";
    private Broker broker;
    private String address = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String historyUrl;
    private String historyKey = RedisEventJournal.DEFAULT_KEY;
    private long historyMaxLen = 1_000_000;
    private int maxTasks = 100_000;
    private int maxTaskNames = StateLimits.DEFAULT_TASK_NAMES;
    private int maxWorkers = StateLimits.DEFAULT_WORKERS;
    private int maxFieldBytes = StateLimits.DEFAULT_FIELD_BYTES;
    private Duration purgeOfflineAfter = DEFAULT_PURGE_OFFLINE_AFTER;
    private boolean allowOpen;
    private java.nio.file.Path certFile;
    private java.nio.file.Path keyFile;
    private String urlPrefix = "";
    private boolean trustProxy;
    private java.nio.file.Path basicAuthFile;
    private OidcSettings oidc;
    private String queueName;
    private Scheduler scheduler;
    private Duration queueSampleInterval = Duration.ofSeconds(5);
    private int sseBuffer = 1_000;
    private Fennel app;
    private WorkerCommands commands;
    private String basicAuth;
    private String apiToken;
    private boolean readOnly;

    private Builder() {}

    /** {@code broker_url}: where events come from. */
    public Builder brokerUrl(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("broker URL must not be blank, was '" + url + "'");
      }
      brokerUrl = url;
      return this;
    }

    /** Uses this broker connection (the console will not close it). */
    public Builder broker(Broker b) {
      broker = b;
      return this;
    }

    public Builder address(String a) {
      if (a == null || a.isBlank()) {
        throw new IllegalArgumentException("address must not be blank, was '" + a + "'");
      }
      address = a;
      return this;
    }

    /** The port, 0..65535; 0 picks a free one. */
    public Builder port(int p) {
      if (p < 0 || p > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + p);
      }
      port = p;
      return this;
    }

    /** {@code redis://host:port/db} to keep history across restarts; null or none: memory. */
    public Builder history(String url) {
      if (url == null || url.isBlank() || url.equalsIgnoreCase("none")) {
        historyUrl = null;
        return this;
      }
      String scheme = url.toLowerCase(Locale.ROOT);
      if (!scheme.startsWith("redis://") && !scheme.startsWith("rediss://")) {
        throw new IllegalArgumentException(
            "history must be redis://host:port/db or none, was '" + url + "'");
      }
      historyUrl = url;
      return this;
    }

    /** The Redis stream key of the history. */
    public Builder historyKey(String key) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("history key must not be blank, was '" + key + "'");
      }
      historyKey = key;
      return this;
    }

    /** Roughly how many event messages the history keeps. */
    public Builder historyMaxLen(long n) {
      historyMaxLen = atLeastOne(n, "history length");
      return this;
    }

    /** How many tasks to keep, >= 1. */
    public Builder maxTasks(int n) {
      maxTasks = atLeastOne(n, "max tasks");
      return this;
    }

    /** {@code --max-task-names}: names counted on their own, >= 1; the rest count as other. */
    public Builder maxTaskNames(int n) {
      maxTaskNames = atLeastOne(n, "max task names");
      return this;
    }

    /** {@code --max-workers}: workers known at once, >= 1. */
    public Builder maxWorkers(int n) {
      maxWorkers = atLeastOne(n, "max workers");
      return this;
    }

    /** {@code --max-field-bytes}: bytes kept per task text field, >= 16 (default 64 KiB). */
    public Builder maxFieldBytes(int n) {
      if (n < 16) {
        throw new IllegalArgumentException(
            "max field bytes must be >= 16, was " + n + " (e.g. --max-field-bytes 65536)");
      }
      maxFieldBytes = n;
      return this;
    }

    /** {@code --no-auth}: allow a non-loopback {@code --address} without any authentication. */
    public Builder allowOpen(boolean on) {
      allowOpen = on;
      return this;
    }

    /** {@code --certfile} and {@code --keyfile}: serve HTTPS; both or neither (null: HTTP). */
    public Builder tls(java.nio.file.Path cert, java.nio.file.Path key) {
      ServerSettings.checkTls(cert, key);
      certFile = cert;
      keyFile = key;
      return this;
    }

    /** {@code --url-prefix /ops}: serve every page, asset, API path and the stream under it. */
    public Builder urlPrefix(String prefix) {
      urlPrefix = ServerSettings.normalPrefix(prefix);
      return this;
    }

    /** {@code --trust-proxy}: honour X-Forwarded-For/-Proto/-Host (only behind a proxy). */
    public Builder trustProxy(boolean on) {
      trustProxy = on;
      return this;
    }

    /** Forget workers offline this long (default 1 h); null keeps them. */
    public Builder purgeOfflineAfter(Duration d) {
      if (d != null && d.isNegative()) {
        throw new IllegalArgumentException("purge offline after must be >= 0, was " + d);
      }
      purgeOfflineAfter = d;
      return this;
    }

    public Builder scheduler(Scheduler s) {
      scheduler = s;
      return this;
    }

    public Builder queueSampleInterval(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("queue sample interval must be > 0, was " + d);
      }
      queueSampleInterval = d;
      return this;
    }

    public Builder sseBuffer(int n) {
      sseBuffer = atLeastOne(n, "SSE buffer");
      return this;
    }

    public Builder app(Fennel a) {
      app = a;
      return this;
    }

    public Builder commands(WorkerCommands c) {
      commands = c;
      return this;
    }

    /**
     * {@code --basic-auth user:pass[,user:pass]}: pages and API need these credentials; null: none.
     * The user must not be blank and the password must be at least one character.
     */
    public Builder basicAuth(String userColonPass) {
      if (userColonPass != null) {
        Users.parse(userColonPass);
      }
      basicAuth = userColonPass;
      return this;
    }

    /** {@code --basic-auth-file}: users with bcrypt, SHA-256 or PBKDF2 hashes; null: none. */
    public Builder basicAuthFile(java.nio.file.Path file) {
      if (file != null) {
        Users.read(file);
      }
      basicAuthFile = file;
      return this;
    }

    /** {@code --oidc-issuer} and the rest: log browsers in through OpenID Connect; null: none. */
    public Builder oidc(OidcSettings settings) {
      oidc = settings;
      return this;
    }

    /** {@code --api-token T}: the API accepts {@code Authorization: Bearer T} (16+ characters). */
    public Builder apiToken(String token) {
      apiToken = Users.checkApiToken(token);
      return this;
    }

    /** {@code --queue-name}: the durable event queue (see EventReceiver); null: host and port. */
    public Builder queueName(String name) {
      if (name != null && (name.isBlank() || name.length() > 255 || name.startsWith("amq."))) {
        throw new IllegalArgumentException(
            "queue name must be 1..255 characters and not start with amq., was '" + name + "'");
      }
      queueName = name;
      return this;
    }

    /** {@code --read-only}: no action buttons, and every mutating request is refused (403). */
    public Builder readOnly(boolean on) {
      readOnly = on;
      return this;
    }

    private static <N extends Number> N atLeastOne(N n, String what) {
      if (n.longValue() < 1) {
        throw new IllegalArgumentException(what + " must be >= 1, was " + n);
      }
      return n;
    }

    public MonitorOptions build() {
      return new MonitorOptions(
          brokerUrl,
          broker,
          address,
          port,
          historyUrl,
          historyKey,
          historyMaxLen,
          maxTasks,
          maxTaskNames,
          maxWorkers,
          maxFieldBytes,
          purgeOfflineAfter,
          scheduler,
          queueSampleInterval,
          sseBuffer,
          app,
          commands,
          basicAuth,
          apiToken,
          readOnly,
          allowOpen,
          certFile,
          keyFile,
          urlPrefix,
          trustProxy,
          basicAuthFile,
          oidc,
          queueName);
    }
  }
}
