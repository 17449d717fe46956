package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.url.Urls;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The application's Fennel health: UP when the broker is connected, the result backend (if any)
 * answers, and the worker (if {@code fennel.worker.enabled}) is running; DOWN otherwise, with the
 * part that failed in the details. URLs are shown with their passwords masked.
 */
final class FennelHealthIndicator extends AbstractHealthIndicator {
  private final Fennel fennel;
  private final ObjectProvider<FennelWorkerLifecycle> worker;
  private final String probeId = "fennel-health-" + UUID.randomUUID();

  FennelHealthIndicator(Fennel fennel, ObjectProvider<FennelWorkerLifecycle> worker) {
    super("Fennel health check failed");
    this.fennel = fennel;
    this.worker = worker;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    boolean up = true;
    builder.withDetail("broker", Urls.maskPassword(fennel.config().brokerUrl()));
    boolean connected;
    try {
      connected = FennelInternals.brokerConnected(fennel);
    } catch (RuntimeException e) {
      connected = false;
      builder.withDetail("brokerError", String.valueOf(e.getMessage()));
    }
    builder.withDetail("brokerConnected", connected);
    up &= connected;

    String backend = fennel.config().resultBackend();
    if (backend == null) {
      builder.withDetail("resultBackend", "none");
    } else {
      builder.withDetail("resultBackend", Urls.maskPassword(backend));
      boolean answers;
      try {
        fennel.asyncResult(probeId).status();
        answers = true;
      } catch (RuntimeException e) {
        answers = false;
        builder.withDetail("resultBackendError", String.valueOf(e.getMessage()));
      }
      builder.withDetail("resultBackendReachable", answers);
      up &= answers;
    }

    FennelWorkerLifecycle w = worker.getIfAvailable();
    if (w == null) {
      builder.withDetail("worker", "disabled");
    } else {
      builder.withDetail("worker", w.options().hostname());
      builder.withDetail("workerRunning", w.isRunning());
      up &= w.isRunning();
    }
    if (up) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
