package io.fennel.core.broker;

import io.fennel.core.error.FennelException;

/** The broker could not be reached or dropped the connection; names the URL and how to fix it. */
public final class BrokerUnavailableException extends FennelException {
  private static final long serialVersionUID = 1L;

  private final String url;

  public BrokerUnavailableException(String url, String reason, Throwable cause) {
    super("cannot reach broker " + url + " (" + reason + "); start it or pass --broker", cause);
    this.url = url;
  }

  /** The broker URL, with any password masked. */
  public String url() {
    return url;
  }
}
