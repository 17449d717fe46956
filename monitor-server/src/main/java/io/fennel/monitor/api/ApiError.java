package io.fennel.monitor.api;

/**
 * A request the API turns down, with the HTTP status and a message naming the bad value; answered
 * as {@code {"error": message}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient java.util.Map<String, String> headers;

  /** Turns a request down with {@code status} and {@code message}. */
  public ApiError(int status, String message) {
    this(status, message, java.util.Map.of());
  }

  /** Like {@link #ApiError(int, String)}, answering also with {@code headers}. */
  public ApiError(int status, String message, java.util.Map<String, String> headers) {
    super(message);
    this.status = status;
    this.headers = java.util.Map.copyOf(headers);
  }

  /** Headers to answer with ({@code Retry-After}, {@code WWW-Authenticate}). */
  public java.util.Map<String, String> headers() {
    return headers;
  }

  /** 400: the request's input is wrong. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  /** 404: the thing named does not exist. */
  public static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }
}
