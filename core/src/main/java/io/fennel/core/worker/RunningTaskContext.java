package io.fennel.core.worker;

import io.fennel.core.task.DeliveryInfo;
import io.fennel.core.task.Retry;
import io.fennel.core.task.TaskContext;
import io.fennel.protocol.task.TaskHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The {@link TaskContext} a task body gets while a worker runs one request of it. */
final class RunningTaskContext implements TaskContext {
  private final TaskRequest request;
  private final TaskHeaders headers;
  private final String hostname;

  RunningTaskContext(TaskRequest request, String hostname) {
    this.request = request;
    this.headers = request.message().headers();
    this.hostname = hostname;
  }

  @Override
  public String id() {
    return headers.id();
  }

  @Override
  public String name() {
    return headers.task();
  }

  @Override
  public int retries() {
    return headers.retries();
  }

  @Override
  public String rootId() {
    return headers.rootId();
  }

  @Override
  public String parentId() {
    return headers.parentId();
  }

  @Override
  public String groupId() {
    return headers.group();
  }

  @Override
  public String hostname() {
    return hostname;
  }

  @Override
  public DeliveryInfo deliveryInfo() {
    return request.deliveryInfo();
  }

  @Override
  public Optional<Instant> eta() {
    return headers.etaInstant();
  }

  @Override
  public Optional<Instant> expires() {
    return headers.expiresInstant();
  }

  @Override
  public boolean isTerminated() {
    return request.terminatedBy() != null;
  }

  @Override
  public boolean isSoftTimeLimitExceeded() {
    return request.isSoftLimitExceeded();
  }

  @Override
  public Retry retry(Duration countdown, Throwable reason, Integer maxRetries) {
    int max = maxRetries != null ? maxRetries : request.definition().options().maxRetries();
    if (max >= 0 && headers.retries() >= max && reason != null) {
      if (reason instanceof RuntimeException re) {
        throw re;
      }
      if (reason instanceof Error e) {
        throw e;
      }
    }
    throw new Retry(countdown, reason, maxRetries);
  }
}
