package io.fennel.monitor.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.http.WorkerCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks one worker several inspect questions at once (one virtual thread each), so a worker page
 * waits for the slowest answer rather than their sum, and at most {@link #LIMIT_SECONDS}.
 */
final class Inspection {
  static final long LIMIT_SECONDS = 5;

  private Inspection() {}

  /** Each method's reply, in the order asked; a failure becomes {@code {"error": ...}}. */
  static Map<String, JsonNode> ask(WorkerCommands commands, String worker, List<String> methods) {
    Map<String, Future<JsonNode>> pending = new LinkedHashMap<>();
    Map<String, JsonNode> out = new LinkedHashMap<>();
    ExecutorService ex =
        Executors.newThreadPerTaskExecutor(FennelThreads.virtual("monitor-inspect", worker));
    try {
      for (String m : methods) {
        pending.put(m, ex.submit(() -> commands.inspect(worker, m, null)));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
      for (var e : pending.entrySet()) {
        out.put(e.getKey(), await(e.getValue(), deadline));
      }
    } finally {
      ex.shutdownNow();
    }
    return out;
  }

  private static JsonNode await(Future<JsonNode> f, long deadline) {
    try {
      JsonNode n = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return n == null ? error("no reply") : n;
    } catch (TimeoutException e) {
      f.cancel(true);
      return error("no reply within " + LIMIT_SECONDS + " s");
    } catch (ExecutionException e) {
      return error(String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("interrupted");
    }
  }

  private static JsonNode error(String message) {
    return ApiJson.MAPPER.createObjectNode().put("error", message);
  }
}
