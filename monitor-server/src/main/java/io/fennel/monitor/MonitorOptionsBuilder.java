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
 * Builds {@link MonitorOptions}; each setter fails fast naming the bad value. Start from {@link
 * MonitorOptions#builder()}.
 */
public final class MonitorOptionsBuilder {
  private String brokerUrl = "amqp://guest:guest@localhost:5672//";
  private Broker broker;
  private String address = "127.0.0.1";
  private int port = MonitorOptions.DEFAULT_PORT;
  private String historyUrl;
  private String historyKey = RedisEventJournal.DEFAULT_KEY;
  private long historyMaxLen = 1_000_000;
  private int maxTasks = 100_000;
  private int maxTaskNames = StateLimits.DEFAULT_TASK_NAMES;
  private int maxWorkers = StateLimits.DEFAULT_WORKERS;
  private int maxFieldBytes = StateLimits.DEFAULT_FIELD_BYTES;
  private Duration purgeOfflineAfter = MonitorOptions.DEFAULT_PURGE_OFFLINE_AFTER;
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

  MonitorOptionsBuilder() {}

  /** {@code broker_url}: where events come from. */
  public MonitorOptionsBuilder brokerUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("broker URL must not be blank, was '" + url + "'");
    }
    brokerUrl = url;
    return this;
  }

  /** Uses this broker connection (the console will not close it). */
  public MonitorOptionsBuilder broker(Broker b) {
    broker = b;
    return this;
  }

  public MonitorOptionsBuilder address(String a) {
    if (a == null || a.isBlank()) {
      throw new IllegalArgumentException("address must not be blank, was '" + a + "'");
    }
    address = a;
    return this;
  }

  /** The port, 0..65535; 0 picks a free one. */
  public MonitorOptionsBuilder port(int p) {
    if (p < 0 || p > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + p);
    }
    port = p;
    return this;
  }

  /** {@code redis://host:port/db} to keep history across restarts; null or "none": memory only. */
  public MonitorOptionsBuilder history(String url) {
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
  public MonitorOptionsBuilder historyKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("history key must not be blank, was '" + key + "'");
    }
    historyKey = key;
    return this;
  }

  /** Roughly how many event messages the history keeps. */
  public MonitorOptionsBuilder historyMaxLen(long n) {
    historyMaxLen = atLeastOne(n, "history length");
    return this;
  }

  /** How many tasks to keep, >= 1. */
  public MonitorOptionsBuilder maxTasks(int n) {
    maxTasks = atLeastOne(n, "max tasks");
    return this;
  }

  /** {@code --max-task-names}: names counted on their own, >= 1; the rest count as other. */
  public MonitorOptionsBuilder maxTaskNames(int n) {
    maxTaskNames = atLeastOne(n, "max task names");
    return this;
  }

  /** {@code --max-workers}: workers known at once, >= 1. */
  public MonitorOptionsBuilder maxWorkers(int n) {
    maxWorkers = atLeastOne(n, "max workers");
    return this;
  }

  /** {@code --max-field-bytes}: bytes kept per task text field, >= 16 (default 64 KiB). */
  public MonitorOptionsBuilder maxFieldBytes(int n) {
    if (n < 16) {
      throw new IllegalArgumentException(
          "max field bytes must be >= 16, was " + n + " (e.g. --max-field-bytes 65536)");
    }
    maxFieldBytes = n;
    return this;
  }

  /**
   * {@code --no-auth}: allow a non-loopback {@code --address} without any authentication (the
   * console refuses to start so otherwise).
   */
  public MonitorOptionsBuilder allowOpen(boolean on) {
    allowOpen = on;
    return this;
  }

  /** {@code --certfile} and {@code --keyfile}: serve HTTPS; both or neither (null: HTTP). */
  public MonitorOptionsBuilder tls(java.nio.file.Path cert, java.nio.file.Path key) {
    ServerSettings.checkTls(cert, key);
    certFile = cert;
    keyFile = key;
    return this;
  }

  /** {@code --url-prefix /ops}: serve every page, asset, API path and the stream under it. */
  public MonitorOptionsBuilder urlPrefix(String prefix) {
    urlPrefix = ServerSettings.normalPrefix(prefix);
    return this;
  }

  /** {@code --trust-proxy}: honour X-Forwarded-For/-Proto/-Host (only behind a proxy). */
  public MonitorOptionsBuilder trustProxy(boolean on) {
    trustProxy = on;
    return this;
  }

  /** Forget workers offline this long (default 1 h); null keeps them. */
  public MonitorOptionsBuilder purgeOfflineAfter(Duration d) {
    if (d != null && d.isNegative()) {
      throw new IllegalArgumentException("purge offline after must be >= 0, was " + d);
    }
    purgeOfflineAfter = d;
    return this;
  }

  public MonitorOptionsBuilder scheduler(Scheduler s) {
    scheduler = s;
    return this;
  }

  public MonitorOptionsBuilder queueSampleInterval(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("queue sample interval must be > 0, was " + d);
    }
    queueSampleInterval = d;
    return this;
  }

  public MonitorOptionsBuilder sseBuffer(int n) {
    sseBuffer = atLeastOne(n, "SSE buffer");
    return this;
  }

  public MonitorOptionsBuilder app(Fennel a) {
    app = a;
    return this;
  }

  public MonitorOptionsBuilder commands(WorkerCommands c) {
    commands = c;
    return this;
  }

  /**
   * {@code --basic-auth user:pass[,user:pass]}: pages and API need these credentials; null: none.
   * The user must not be blank and the password must be at least one character.
   */
  public MonitorOptionsBuilder basicAuth(String userColonPass) {
    if (userColonPass != null) {
      Users.parse(userColonPass);
    }
    basicAuth = userColonPass;
    return this;
  }

  /** {@code --basic-auth-file}: users with bcrypt, SHA-256 or PBKDF2 hashes; null: none. */
  public MonitorOptionsBuilder basicAuthFile(java.nio.file.Path file) {
    if (file != null) {
      Users.read(file);
    }
    basicAuthFile = file;
    return this;
  }

  /** {@code --oidc-issuer} and the rest: log browsers in through OpenID Connect; null: none. */
  public MonitorOptionsBuilder oidc(OidcSettings settings) {
    oidc = settings;
    return this;
  }

  /**
   * {@code --api-token TOKEN}: the API accepts {@code Authorization: Bearer TOKEN}; null: none. At
   * least 16 characters, no whitespace.
   */
  public MonitorOptionsBuilder apiToken(String token) {
    apiToken = Users.checkApiToken(token);
    return this;
  }

  /**
   * {@code --queue-name}: read events from this durable queue, kept while the console is away
   * (bounded, deleted an hour after it was last used); null: named after host and port.
   */
  public MonitorOptionsBuilder queueName(String name) {
    if (name != null
        && (name.isBlank()
            || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255
            || name.startsWith("amq."))) {
      throw new IllegalArgumentException(
          "--queue-name must be 1..255 bytes and not start with amq. (RabbitMQ keeps that prefix"
              + " for itself), was '"
              + name
              + "'; e.g. --queue-name fennel.monitor.ops");
    }
    queueName = name;
    return this;
  }

  /** {@code --read-only}: no action buttons, and every mutating request is refused (403). */
  public MonitorOptionsBuilder readOnly(boolean on) {
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
