package io.fennel.monitor;

import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Brokers;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import io.fennel.core.time.SystemScheduler;
import io.fennel.monitor.auth.AccessGuard;
import io.fennel.monitor.auth.OpenAccess;
import io.fennel.monitor.history.EventJournal;
import io.fennel.monitor.history.RedisEventJournal;
import io.fennel.monitor.http.ConsoleServices;
import io.fennel.monitor.http.MonitorHttp;
import io.fennel.monitor.http.ServerSettings;
import io.fennel.monitor.http.WorkerCommands;
import io.fennel.monitor.ingest.EventReceiver;
import io.fennel.monitor.ingest.Reconciler;
import io.fennel.monitor.metrics.MonitorMetrics;
import io.fennel.monitor.pages.Pages;
import io.fennel.monitor.queues.QueueDepths;
import io.fennel.monitor.sse.SseHub;
import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.LiveClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fennel console: {@code Monitor.start(options)} replays history, starts receiving events,
 * sampling queue depths and serving the API, metrics and event stream; {@link #close()} stops it
 * all. The parts are reachable for embedding and tests ({@link #state()}, {@link #port()}).
 */
public final class Monitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
  private static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);
  private static final Duration COUNTERS_EVERY = Duration.ofSeconds(2);
  private static final Duration QUEUE_WINDOW = Duration.ofMinutes(10);

  private final MonitorOptions options;
  private final Deque<AutoCloseable> closers = new ArrayDeque<>();
  private final FailureHandler failures = FailureHandler.logging();
  private Scheduler scheduler;
  private Broker broker;
  private ClusterState state;
  private EventJournal journal;
  private EventReceiver receiver;
  private MonitorMetrics metrics;
  private SseHub hub;
  private QueueDepths queues;
  private MonitorHttp http;
  private volatile Fennel app;
  private long replayed;

  private Monitor(MonitorOptions options) {
    this.options = options;
  }

  /** How long an API command waits for the workers' replies. */
  static final java.time.Duration COMMAND_TIMEOUT = java.time.Duration.ofSeconds(2);

  /**
   * Starts a console.
   *
   * @throws io.fennel.core.broker.BrokerUnavailableException when the broker cannot be reached
   * @throws RuntimeException when the history store or the port cannot be opened
   */
  public static Monitor start(MonitorOptions options) {
    Monitor m = new Monitor(options);
    try {
      m.run();
      return m;
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private void run() {
    OpenAccess.check(options.address(), options.noAuth(), options.allowOpen());
    scheduler = options.scheduler();
    if (scheduler == null) {
      scheduler = new SystemScheduler(FennelThreads.name("monitor-timer", null));
      closers.push(scheduler);
    }
    broker = options.broker();
    if (broker == null) {
      broker = Brokers.open(options.brokerUrl());
      closers.push(broker);
    }
    state = new ClusterState(options.limits(), LiveClock.of(scheduler), failures);
    if (options.historyUrl() != null) {
      journal =
          new RedisEventJournal(
              options.historyUrl(),
              options.historyKey(),
              options.historyMaxLen(),
              scheduler,
              failures);
      closers.push(journal);
    } else {
      log.warn(
          "history is kept in memory only; pass --history redis://... to keep it across restarts");
    }
    receiver =
        new EventReceiver(
            broker,
            state,
            journal,
            LiveClock.of(scheduler),
            failures,
            options.queueName() != null
                ? options.queueName()
                : options.port() == 0 ? null : durableQueueName(options.port()));
    if (journal != null) {
      long started = System.nanoTime();
      replayed = journal.replay(body -> receiver.ingest(body, false));
      log.info(
          "replayed {} event messages from {} in {} ms: {} tasks, {} workers",
          replayed,
          journal.describe(),
          (System.nanoTime() - started) / 1_000_000,
          state.taskCount(),
          state.workerNames().size());
    }
    metrics = new MonitorMetrics(state, receiver);
    metrics.countFailures(failures);
    hub = new SseHub(state, options.sseBuffer(), LiveClock.of(scheduler));
    closers.push(hub);
    state.addListener(metrics);
    state.addListener(hub);
    state.workers().forEach(metrics::onWorkerStatus);

    closers.push(receiver);
    receiver.start();
    WorkerCommands commands =
        options.commands() != null
            ? options.commands()
            : new io.fennel.monitor.http.ControlWorkerCommands(
                new io.fennel.agent.control.Control(broker, app().clock(), scheduler),
                COMMAND_TIMEOUT);
    try {
      commands.heartbeat();
    } catch (RuntimeException e) {
      log.warn("could not ask workers for a heartbeat: {}", e.getMessage());
    }

    queues =
        new QueueDepths(
            broker, state::queues, scheduler, options.queueSampleInterval(), QUEUE_WINDOW);
    queues.addListener(metrics::onQueueSample);
    queues.addListener(hub::onQueueSample);
    closers.push(queues);
    queues.start();
    Scheduler.Cancellable sweep =
        scheduler.every(() -> state.sweep(options.purgeOfflineAfter()), SWEEP_EVERY);
    closers.push(sweep::cancel);
    reconcileWithResults();
    Scheduler.Cancellable counters = scheduler.every(hub::publishCounters, COUNTERS_EVERY);
    closers.push(counters::cancel);

    AccessGuard guard =
        new AccessGuard(
            options.users(),
            options.apiToken(),
            options.readOnly(),
            options.trustProxy(),
            LiveClock.of(scheduler),
            options.oidc() == null
                ? null
                : new io.fennel.monitor.auth.OidcLogin(
                    options.oidc(), LiveClock.of(scheduler), options.trustProxy()));
    ConsoleServices services =
        new ConsoleServices(
            state,
            queues,
            metrics,
            hub,
            commands,
            this::app,
            journal == null ? null : journal.describe(),
            OpenAccess.isLoopback(options.address()));
    http =
        MonitorHttp.start(
            services,
            new ServerSettings(
                options.address(),
                options.port(),
                options.certFile(),
                options.keyFile(),
                options.urlPrefix(),
                ServerSettings.DEFAULT_IDLE,
                ServerSettings.DEFAULT_HEADER),
            config -> Pages.mount(config, services, guard));
    closers.push(http);
    log.info("console listening on {}", url());
    String warning = OpenAccess.warning(options.address(), http.port(), guard.open());
    if (warning != null) {
      log.warn(warning);
    }
    if (options.readOnly()) {
      log.info("read-only mode: every mutating request is refused");
    }
  }

  /**
   * With a result backend configured, settles tasks left unfinished in the console's state against
   * their stored results, every minute (see {@link Reconciler}).
   */
  private void reconcileWithResults() {
    Fennel a = app();
    if (a.config().resultBackend() == null) {
      log.info("no result backend: unfinished tasks are not reconciled against stored results");
      return;
    }
    Reconciler reconciler =
        new Reconciler(state, id -> a.asyncResult(id).record(), LiveClock.of(scheduler), failures);
    Scheduler.Cancellable pass = scheduler.every(reconciler::reconcile, RECONCILE_EVERY);
    closers.push(pass::cancel);
  }

  /** The app that sends tasks and casts: the one given, or one over the broker opened now. */
  private Fennel app() {
    Fennel a = app;
    if (a == null) {
      synchronized (this) {
        if (app == null) {
          if (options.app() != null) {
            app = options.app();
          } else {
            app = Fennel.builder().broker(broker).build();
            closers.push(app);
          }
        }
        a = app;
      }
    }
    return a;
  }

  /**
   * Where the console answers: {@code http://ADDRESS:PORT/} (https with TLS), the address as given,
   * in brackets when IPv6.
   */
  public String url() {
    String a = options.address();
    String host = a.contains(":") && !a.startsWith("[") ? "[" + a + "]" : a;
    return (options.certFile() != null ? "https://" : "http://")
        + host
        + ":"
        + port()
        + options.urlPrefix()
        + "/";
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return http.port();
  }

  /** The cluster state, for embedding and tests. */
  public ClusterState state() {
    return state;
  }

  /** The event receiver (counts, lag). */
  public EventReceiver receiver() {
    return receiver;
  }

  /** Queue depths. */
  public QueueDepths queues() {
    return queues;
  }

  /** Metrics. */
  public MonitorMetrics metrics() {
    return metrics;
  }

  /** Whether events are journaled to a store that survives a restart. */
  public boolean historyEnabled() {
    return journal != null;
  }

  /** How many event messages were replayed from history at start. */
  public long replayedCount() {
    return replayed;
  }

  /** Waits (up to {@code timeoutMillis}) until journaled events are written; for tests. */
  public void flushHistory(long timeoutMillis) {
    if (journal instanceof RedisEventJournal r) {
      r.flush(timeoutMillis);
    }
  }

  /** Stops serving, receiving and sampling, and closes what the console opened. */
  @Override
  public synchronized void close() {
    while (!closers.isEmpty()) {
      AutoCloseable c = closers.pop();
      try {
        c.close();
      } catch (Exception e) {
        failures.handle("monitor.close", "closing " + c, e);
      }
    }
  }

  /** The durable event queue of a console on {@code port} of this host. */
  public static String durableQueueName(int port) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return "fennel.monitor." + host + "." + port;
  }
}
