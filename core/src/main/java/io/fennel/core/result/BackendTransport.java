package io.fennel.core.result;

import java.util.List;

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
   * Opens the backend at {@code url}, whose scheme is one of {@link #schemes()}.
   *
   * @throws io.fennel.core.error.FennelException when the URL is malformed or a needed broker is
   *     missing
   */
  ResultBackend open(String url, BackendOptions options);
}
