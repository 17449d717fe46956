package io.fennel.monitor.http;

import io.fennel.monitor.api.ApiJson;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every 500 the console answers, for an exception or a Java {@code Error} alike: a JSON body {@code
 * {"error": "...", "error_id": "..."}} whose id the log line also carries, so an operator can find
 * the stack trace for what a user saw.
 */
final class ServerErrors {
  private static final Logger log = LoggerFactory.getLogger(ServerErrors.class);

  private ServerErrors() {}

  /** A short random id to match a response with its log line. */
  static String newId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  /** Answers an unexpected exception. */
  static void exception(Exception e, Context ctx) {
    String id = newId();
    log.error("{} {} failed [error id {}]", ctx.method(), ctx.path(), id, e);
    ctx.status(500);
    ctx.header("Cache-Control", "no-store");
    Http.json(ctx, body(e, id));
  }

  /** Answers a Java {@code Error} (out of memory, stack overflow, assertion) the same way. */
  static void error(HttpServletResponse res, Error e) {
    String id = newId();
    log.error("request failed with {} [error id {}]", e.getClass().getName(), id, e);
    if (res.isCommitted()) {
      return;
    }
    try {
      res.setStatus(500);
      res.setContentType("application/json");
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.getOutputStream().write(ApiJson.write(body(e, id)).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException ignored) {
      // the client is gone; the log line holds the id
    }
  }

  private static Object body(Throwable e, String id) {
    return ApiJson.error(
            "internal error " + id + " (" + e.getClass().getSimpleName() + "); the log has it")
        .put("error_id", id);
  }
}
