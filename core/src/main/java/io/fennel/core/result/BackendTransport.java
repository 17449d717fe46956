package io.fennel.core.result;

import io.fennel.core.broker.Broker;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A result backend that {@link Backends} finds with {@link java.util.ServiceLoader}: it opens the
 * {@code result_backend} URLs of its schemes. Core's own (Redis, RPC, memory) are listed in its
 * {@code META-INF/services/io.fennel.core.result.BackendTransport}; the class must be public with a
 * public no-argument constructor.
 */
public interface BackendTransport {
  /** The URL schemes this backend opens, lower case and without {@code ://}: {@code "redis"}. */
  List<String> schemes();

  /**
   * Opens the backend at {@code url}.
   *
   * @param broker the app's broker connection, for backends that send results over it; null when
   *     the caller has none
   * @param replyQueue this client's reply queue (its oid), or null
   * @param resultExpires {@code result_expires}
   * @throws io.fennel.core.error.FennelException when the URL is malformed or a needed broker is
   *     missing
   */
  ResultBackend open(
      String url, Supplier<Broker> broker, String replyQueue, Duration resultExpires);
}
