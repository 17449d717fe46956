package io.fennel.core.broker;

import io.fennel.core.error.FennelException;

/**
 * The broker could not be reached or dropped the connection; names the URL and how to fix it. When
 * it happened after a message was written ({@link #mayHaveArrived()}), the message may still have
 * reached the broker: sending it again may run the task twice.
 */
public final class BrokerUnavailableException extends FennelException {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final boolean mayHaveArrived;

  public BrokerUnavailableException(String url, String reason, Throwable cause) {
    this(url, reason, cause, false);
  }

  /** As above; {@code mayHaveArrived} when the message was written before the failure. */
  public BrokerUnavailableException(
      String url, String reason, Throwable cause, boolean mayHaveArrived) {
    super(
        "cannot reach broker "
            + url
            + " ("
            + reason
            + "); start it or pass --broker"
            + (mayHaveArrived
                ? ". The message was written before the failure and may have reached the broker:"
                    + " sending it again (same task id) may run the task twice, so make the task"
                    + " idempotent or check its result first"
                : ""),
        cause);
    this.url = url;
    this.mayHaveArrived = mayHaveArrived;
  }

  /** Whether the message was written before the failure, so it may have been delivered. */
  public boolean mayHaveArrived() {
    return mayHaveArrived;
  }

  /** The broker URL, with any password masked. */
  public String url() {
    return url;
  }
}
