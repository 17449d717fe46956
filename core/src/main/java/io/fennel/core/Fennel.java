package io.fennel.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.config.FennelConfig;
import io.fennel.core.config.FennelConfigBuilder;
import io.fennel.core.config.SettingsReader;
import io.fennel.core.producer.Arguments;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.task.TaskDefinition;
import io.fennel.core.task.TaskHandler;
import io.fennel.core.task.TaskOptions;
import io.fennel.core.task.TaskRegistry;
import io.fennel.core.time.Scheduler;
import io.fennel.core.time.SystemScheduler;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerDependencies;
import io.fennel.core.worker.WorkerOptions;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.control.ControlCodec;
import io.fennel.protocol.control.ControlRequest;
import io.fennel.protocol.task.TaskMessages;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * A Fennel application: its settings, its tasks, and its connections to the broker and the result
 * backend. Define tasks on it, send them with {@code app.task("demo.add").delay(2, 3)}, read
 * results from the {@link AsyncResult} it returns, and run workers with {@link #worker}.
 *
 * <p>This is the facade applications need. What it runs on (the broker connection, the result
 * backend, the task registry and the producer) is behind {@link #unsafe()}, for tools built on
 * Fennel and for tests.
 */
public final class Fennel implements AutoCloseable {
  private final FennelConfig config;
  private final TaskRegistry registry = new TaskRegistry();
  private final Scheduler scheduler;
  private final String hostname;
  private final long pid = ProcessHandle.current().pid();
  private final String oid = UUID.randomUUID().toString();
  private final LamportClock clock = new LamportClock();
  private final FailureHandler failures = FailureHandler.logging();
  private final Connections connections;
  private final FennelUnsafe unsafe;
  private final boolean confirmWait;

  private Fennel(Builder b) {
    this.config = b.config.build();
    this.confirmWait = io.fennel.core.config.BrokerSettings.of(config).confirmWait();
    this.scheduler =
        b.scheduler != null
            ? b.scheduler
            : new SystemScheduler(
                FennelThreads.name("timer", null),
                e -> failures.handle("scheduler", "scheduled work", e));
    this.hostname = b.hostname != null ? b.hostname : localHostname();
    this.connections =
        new Connections(
            config,
            scheduler,
            TaskMessages.origin(pid, hostname),
            oid,
            b.broker,
            b.backend,
            failures);
    this.unsafe = new FennelUnsafe(connections, registry);
  }

  /** A builder with Celery's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** An app configured from a properties file (optional) and {@code FENNEL_*} variables. */
  public static Fennel fromSettings(Path file) {
    Builder b = builder();
    b.config = SettingsReader.read(file, System.getenv()).toBuilder();
    return b.build();
  }

  /** This machine's host name, as workers name themselves. */
  public static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** This app's settings. */
  public FennelConfig config() {
    return config;
  }

  /**
   * The escape hatch to what this app runs on (broker connection, result backend, task registry,
   * producer), for tools built on Fennel and for tests; see {@link FennelUnsafe}.
   */
  public FennelUnsafe unsafe() {
    return unsafe;
  }

  /** The connections this app runs on, for the facade's own types (TaskRef's canvas). */
  Connections connections() {
    return connections;
  }

  /** Time and timers, as given to the builder or the system's. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** This process's Lamport clock, shared by everything it sends. */
  public LamportClock clock() {
    return clock;
  }

  /** The host name used in {@code origin} and node names. */
  public String hostname() {
    return hostname;
  }

  /** This app's reply address ({@code reply_to} of the tasks it sends). */
  public String oid() {
    return oid;
  }

  /** Registers a task written as a lambda. */
  public Fennel register(String name, TaskHandler handler) {
    return register(name, TaskOptions.DEFAULTS, handler);
  }

  /** Registers a task written as a lambda, with options. */
  public Fennel register(String name, TaskOptions options, TaskHandler handler) {
    registry.register(new TaskDefinition(name, handler, options));
    return this;
  }

  /** Registers every {@code @Task} method of an object (or the static ones of a class). */
  public Fennel registerAll(Object tasks) {
    registry.registerAll(tasks);
    return this;
  }

  /** A task by name, to send; it need not be registered in this app. */
  public TaskRef task(String name) {
    return new TaskRef(this, name);
  }

  /**
   * Sends a task by name, as Celery's {@code send_task}. With {@code
   * task_publish_confirm=pipelined} (the default) it returns once the message is written and the
   * broker's confirm settles {@link AsyncResult#sent()}; with {@code wait} it returns once the
   * broker confirmed the message.
   *
   * @throws io.fennel.core.broker.BrokerUnavailableException when the message could not be written
   *     (or, with {@code wait}, was not confirmed)
   */
  public AsyncResult sendTask(String name, List<?> args, Map<String, ?> kwargs, SendOptions o) {
    ArrayNode a = Arguments.args(args);
    ObjectNode k = Arguments.kwargs(kwargs);
    String id = o.taskId() != null ? o.taskId() : UUID.randomUUID().toString();
    SendOptions withId = o.taskId() != null ? o : o.withTaskId(id);
    connections.backend().ifPresent(b -> b.watch(id));
    if (confirmWait) {
      connections.producer().send(name, a, k, withId);
      return asyncResult(id);
    }
    java.util.concurrent.CompletableFuture<Void> sent =
        connections.producer().sendPipelined(name, a, k, withId).thenApply(m -> null);
    return new AsyncResult(id, connections.backend().orElse(null), this::revoke, null, sent);
  }

  /**
   * As {@link #sendTask} without waiting for the broker's confirm: returns once the message is
   * written; the future completes when RabbitMQ confirms it and fails (also reported to the failure
   * handler as {@code producer.confirm}) when it does not. Closing the app waits for outstanding
   * confirms. On transports without pipelined confirms it sends synchronously.
   */
  public java.util.concurrent.CompletableFuture<AsyncResult> sendTaskAsync(
      String name, List<?> args, Map<String, ?> kwargs, SendOptions o) {
    ArrayNode a = Arguments.args(args);
    ObjectNode k = Arguments.kwargs(kwargs);
    String id = o.taskId() != null ? o.taskId() : UUID.randomUUID().toString();
    SendOptions withId = o.taskId() != null ? o : o.withTaskId(id);
    connections.backend().ifPresent(b -> b.watch(id));
    return connections.producer().sendAsync(name, a, k, withId).thenApply(m -> asyncResult(id));
  }

  /**
   * Sends many tasks at once and returns once the broker has confirmed every one (on RabbitMQ the
   * messages are pipelined, not confirmed one by one); see docs/BENCHMARKS.md.
   *
   * @throws io.fennel.core.error.FennelException naming how many were not confirmed
   */
  public List<AsyncResult> sendAll(List<io.fennel.core.producer.TaskCall> calls) {
    List<io.fennel.core.producer.TaskCall> withIds = new java.util.ArrayList<>(calls.size());
    for (io.fennel.core.producer.TaskCall c : calls) {
      String id =
          c.options().taskId() != null ? c.options().taskId() : UUID.randomUUID().toString();
      connections.backend().ifPresent(b -> b.watch(id));
      withIds.add(
          c.options().taskId() != null
              ? c
              : new io.fennel.core.producer.TaskCall(
                  c.name(), c.args(), c.kwargs(), c.options().withTaskId(id)));
    }
    return connections.producer().sendAll(withIds).stream()
        .map(m -> asyncResult(m.headers().id()))
        .toList();
  }

  /** A handle on a task by id. */
  public AsyncResult asyncResult(String id) {
    return new AsyncResult(id, connections.backend().orElse(null), this::revoke);
  }

  /**
   * Broadcasts a revoke to every worker (a cast on {@code celery.pidbox}, as Celery's {@code
   * control.revoke}); no reply is awaited.
   */
  public void revoke(String taskId, boolean terminate, String signal) {
    ObjectNode args = PythonJson.MAPPER.createObjectNode();
    args.put("task_id", taskId);
    args.put("terminate", terminate);
    args.put("signal", signal == null ? "SIGTERM" : signal);
    broadcast(ControlRequest.cast("revoke", args));
  }

  /** Publishes a control request on {@code celery.pidbox}. */
  public void broadcast(ControlRequest request) {
    Broker b = connections.broker();
    b.declareExchange(WireNames.CONTROL_EXCHANGE, ExchangeType.FANOUT, false, false);
    double expires = scheduler.clock().millis() / 1000.0 + 1.0;
    MessageProperties props =
        MessageProperties.json(
            ControlCodec.requestHeaders(clock.forward(), expires), MessageProperties.PERSISTENT);
    b.publish(
        new OutgoingMessage(
            WireNames.CONTROL_EXCHANGE, "", props, ControlCodec.encodeRequest(request)));
  }

  /**
   * A worker of this app; call {@link Worker#start()} to run it. Opening the broker for it retries
   * with backoff while the broker cannot be reached ({@code broker_connection_retry_on_startup},
   * {@code broker_connection_max_retries}), as Celery's worker does.
   */
  public Worker worker(WorkerOptions options) {
    return new Worker(
        new WorkerDependencies(
            registry,
            connections.brokerRetryingAtStart(),
            connections.backend().orElse(null),
            connections.producer(),
            config,
            scheduler,
            RandomGenerator.getDefault(),
            pid),
        options);
  }

  /** Worker options from this app's settings, for the given queues and node name. */
  public WorkerOptions workerOptions(String nodeName, List<String> queues) {
    return new WorkerOptions(
        WorkerOptions.expandHostname(nodeName, hostname),
        queues != null && !queues.isEmpty()
            ? queues
            : config.taskQueues().isEmpty()
                ? List.of(config.taskDefaultQueue())
                : config.taskQueues(),
        io.fennel.core.worker.PoolType.THREADS,
        config.workerConcurrency(),
        config.workerPrefetchMultiplier(),
        config.workerSendTaskEvents());
  }

  /** Closes the connections this app opened (not those given to its builder) and its timer. */
  @Override
  public void close() {
    connections.close();
    scheduler.close();
  }

  /** Builds a {@link Fennel} app. */
  public static final class Builder {
    private FennelConfigBuilder config = FennelConfig.builder();
    private Scheduler scheduler;
    private String hostname;
    private Broker broker;
    private ResultBackend backend;

    private Builder() {}

    /** {@code broker_url}. */
    public Builder brokerUrl(String url) {
      config.brokerUrl(url);
      return this;
    }

    /** {@code result_backend}. */
    public Builder resultBackend(String url) {
      config.resultBackend(url);
      return this;
    }

    /** Any setting by its Celery name. */
    public Builder set(String setting, String value) {
      config.set(setting, value);
      return this;
    }

    /** All settings at once. */
    public Builder config(FennelConfig c) {
      config = c.toBuilder();
      return this;
    }

    /** Edits the settings in code. */
    public Builder configure(java.util.function.Consumer<FennelConfigBuilder> edit) {
      edit.accept(config);
      return this;
    }

    /** Time and timers (tests pass a {@link io.fennel.core.time.ManualScheduler}). */
    public Builder scheduler(Scheduler s) {
      scheduler = s;
      return this;
    }

    /** The host name used in {@code origin} and node names (default: this machine's). */
    public Builder hostname(String h) {
      hostname = h;
      return this;
    }

    /** Uses this broker instead of opening {@code broker_url}; the app will not close it. */
    public Builder broker(Broker b) {
      broker = b;
      return this;
    }

    /** Uses this backend instead of opening {@code result_backend}; the app will not close it. */
    public Builder backend(ResultBackend r) {
      backend = r;
      return this;
    }

    /** The app; nothing is connected until first use. */
    public Fennel build() {
      return new Fennel(this);
    }
  }
}
