package io.fennel.agent;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.WireNames;
import java.time.Duration;

/**
 * How a {@link WorkerAgent} behaves: whether task events go out at start, how events are batched
 * and buffered, and how often the worker sends a heartbeat. Built with {@link #builder()}, which
 * fails fast naming the bad value.
 *
 * @param taskEvents task events on at start ({@code -E}); null means the worker's own {@code
 *     worker_send_task_events}
 * @param bufferCapacity events held at most while the broker is away; the oldest go first
 * @param batchSize task events per {@code task.multi} message at most; a full batch is sent at once
 * @param flushInterval how long a task event may wait in the batch before it is sent
 * @param heartbeatInterval how often {@code worker-heartbeat} goes out ({@code freq})
 * @param swVersion the version sent as {@code sw_ver}
 * @param failures where the agent reports failures it carries on after (a publish the broker
 *     refused); null means a logging handler of the agent's own
 */
public record AgentOptions(
    Boolean taskEvents,
    int bufferCapacity,
    int batchSize,
    Duration flushInterval,
    Duration heartbeatInterval,
    String swVersion,
    FailureHandler failures) {

  /** The defaults: task events as the worker says, 10,000 events, batches of 100 every 100 ms. */
  public static final AgentOptions DEFAULTS = builder().build();

  public AgentOptions {
    if (bufferCapacity < 1) {
      throw new IllegalArgumentException(
          "event buffer capacity must be >= 1, was " + bufferCapacity);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("event batch size must be >= 1, was " + batchSize);
    }
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("event flush interval must be > 0, was " + flushInterval);
    }
    if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "heartbeat interval must be > 0, was " + heartbeatInterval);
    }
    if (swVersion == null || swVersion.isBlank()) {
      throw new IllegalArgumentException("sw_ver must not be blank, was '" + swVersion + "'");
    }
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** This options with task events switched on or off at start. */
  public AgentOptions withTaskEvents(boolean on) {
    return new AgentOptions(
        on, bufferCapacity, batchSize, flushInterval, heartbeatInterval, swVersion, failures);
  }

  /** The version of Fennel on the class path, or {@code 0.1.0} when the jar does not say. */
  static String fennelVersion() {
    String v = AgentOptions.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "0.1.0" : v;
  }

  /** Builds {@link AgentOptions}. */
  public static final class Builder {
    private Boolean taskEvents;
    private int bufferCapacity = 10_000;
    private int batchSize = 100;
    private Duration flushInterval = Duration.ofMillis(100);
    private Duration heartbeatInterval = WireNames.HEARTBEAT_INTERVAL;
    private String swVersion = fennelVersion();
    private FailureHandler failures;

    private Builder() {}

    public Builder taskEvents(Boolean on) {
      taskEvents = on;
      return this;
    }

    public Builder bufferCapacity(int n) {
      bufferCapacity = n;
      return this;
    }

    public Builder batchSize(int n) {
      batchSize = n;
      return this;
    }

    public Builder flushInterval(Duration d) {
      flushInterval = d;
      return this;
    }

    public Builder heartbeatInterval(Duration d) {
      heartbeatInterval = d;
      return this;
    }

    public Builder swVersion(String v) {
      swVersion = v;
      return this;
    }

    /** Where failures go (e.g. the app's handler, to count them in one place). */
    public Builder failures(FailureHandler handler) {
      failures = handler;
      return this;
    }

    public AgentOptions build() {
      return new AgentOptions(
          taskEvents,
          bufferCapacity,
          batchSize,
          flushInterval,
          heartbeatInterval,
          swVersion,
          failures);
    }
  }
}
