package io.fennel.monitor.http;

import io.fennel.monitor.api.ApiError;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.api.Params;
import io.javalin.http.Context;

/** Small helpers shared by the endpoints: JSON answers and worker-name checks. */
final class Http {
  private Http() {}

  static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(ApiJson.write(body));
  }

  /**
   * The worker name if the console knows it.
   *
   * @throws ApiError 404 naming the worker and listing the known ones
   */
  static String knownWorker(ConsoleServices s, String name) {
    if (s.state().worker(name).isEmpty()) {
      throw ApiError.notFound(
          "unknown worker '" + Params.excerpt(name) + "'; known: " + s.state().workerNames());
    }
    return name;
  }

  /** Like {@link #knownWorker} but null (every worker) passes. */
  static String optionalWorker(ConsoleServices s, String name) {
    return name == null ? null : knownWorker(s, name);
  }
}
