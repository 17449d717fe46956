package io.fennel.core.producer;

import io.fennel.protocol.task.AsSignature;
import io.fennel.protocol.task.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to send one task, as Celery's {@code apply_async} options: when (countdown, eta), until when
 * (expires), where (queue, routing key, exchange), priority, callbacks and extra headers.
 */
public record SendOptions(
    String taskId,
    Duration countdown,
    Instant eta,
    Duration expiresIn,
    Instant expiresAt,
    Integer priority,
    String queue,
    String routingKey,
    String exchange,
    Map<String, Object> headers,
    List<Signature> link,
    List<Signature> linkError,
    Boolean ignoreResult,
    Double timeLimit,
    Double softTimeLimit,
    String parentId,
    String rootId,
    int retries) {

  public SendOptions {
    headers =
        headers == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    link = link == null ? List.of() : List.copyOf(link);
    linkError = linkError == null ? List.of() : List.copyOf(linkError);
  }

  /** No options: send now to the default queue. */
  public static final SendOptions NONE = builder().build();

  /** These options with {@code taskId} as the task's id. */
  public SendOptions withTaskId(String id) {
    return new SendOptions(
        id,
        countdown,
        eta,
        expiresIn,
        expiresAt,
        priority,
        queue,
        routingKey,
        exchange,
        headers,
        link,
        linkError,
        ignoreResult,
        timeLimit,
        softTimeLimit,
        parentId,
        rootId,
        retries);
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder of {@link SendOptions}; every value is checked when set. */
  public static final class Builder {
    private String taskId;
    private Duration countdown;
    private Instant eta;
    private Duration expiresIn;
    private Instant expiresAt;
    private Integer priority;
    private String queue;
    private String routingKey;
    private String exchange;
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private List<Signature> link = List.of();
    private List<Signature> linkError = List.of();
    private Boolean ignoreResult;
    private Double timeLimit;
    private Double softTimeLimit;
    private String parentId;
    private String rootId;
    private int retries;

    private Builder() {}

    /** Uses this id instead of a fresh UUID. */
    public Builder taskId(String id) {
      this.taskId = id;
      return this;
    }

    /** Runs no sooner than this long from now. */
    public Builder countdown(Duration d) {
      if (d != null && d.isNegative()) {
        throw new IllegalArgumentException("countdown must not be negative, was " + d);
      }
      this.countdown = d;
      return this;
    }

    /** Runs no sooner than this instant. */
    public Builder eta(Instant t) {
      this.eta = t;
      return this;
    }

    /** Is discarded (REVOKED) if not started within this long. */
    public Builder expires(Duration d) {
      this.expiresIn = d;
      return this;
    }

    /** Is discarded (REVOKED) if not started by this instant. */
    public Builder expires(Instant t) {
      this.expiresAt = t;
      return this;
    }

    /** 0 (lowest) to 9 (highest); needs a queue with a max priority on RabbitMQ. */
    public Builder priority(int p) {
      if (p < 0 || p > 255) {
        throw new IllegalArgumentException("priority must be between 0 and 9, was " + p);
      }
      this.priority = p;
      return this;
    }

    public Builder queue(String q) {
      this.queue = q;
      return this;
    }

    public Builder routingKey(String rk) {
      this.routingKey = rk;
      return this;
    }

    public Builder exchange(String ex) {
      this.exchange = ex;
      return this;
    }

    /** An extra message header, kept on the wire for workers that read it. */
    public Builder header(String name, Object value) {
      headers.put(name, value);
      return this;
    }

    /** Tasks to run with this task's result when it succeeds. */
    public Builder link(AsSignature... s) {
      this.link = java.util.Arrays.stream(s).map(AsSignature::signature).toList();
      return this;
    }

    /** Tasks to run when this task fails. */
    public Builder linkError(AsSignature... s) {
      this.linkError = java.util.Arrays.stream(s).map(AsSignature::signature).toList();
      return this;
    }

    public Builder ignoreResult(boolean b) {
      this.ignoreResult = b;
      return this;
    }

    /** Hard and soft time limits in seconds (null for none). */
    public Builder timeLimits(Double hard, Double soft) {
      this.timeLimit = hard;
      this.softTimeLimit = soft;
      return this;
    }

    public Builder parentId(String id) {
      this.parentId = id;
      return this;
    }

    public Builder rootId(String id) {
      this.rootId = id;
      return this;
    }

    public Builder retries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("retries must be >= 0, was " + n);
      }
      this.retries = n;
      return this;
    }

    public SendOptions build() {
      return new SendOptions(
          taskId,
          countdown,
          eta,
          expiresIn,
          expiresAt,
          priority,
          queue,
          routingKey,
          exchange,
          headers,
          link,
          linkError,
          ignoreResult,
          timeLimit,
          softTimeLimit,
          parentId,
          rootId,
          retries);
    }
  }
}
