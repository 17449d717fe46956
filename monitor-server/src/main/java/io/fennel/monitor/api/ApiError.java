package io.fennel.monitor.api;

/**
 * A request the API turns down, with the HTTP status and a message naming the bad value; answered
 * as {@code {"error": message}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** Turns a request down with {@code status} and {@code message}. */
  public ApiError(int status, String message) {
    super(message);
    this.status = status;
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
