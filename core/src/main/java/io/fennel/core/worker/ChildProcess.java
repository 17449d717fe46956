package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.task.Retry;
import io.fennel.core.task.TaskDefinition;
import io.fennel.protocol.task.TaskMessageCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The parent's side of one process-pool child: starts the JVM, reads its frames on a thread of its
 * own, runs one task at a time in it ({@link #run}, which blocks like a task body does and turns
 * the child's answer back into a value or an exception), interrupts it, and stops or kills it. A
 * child that goes away mid-task fails that run with {@link WorkerLostError}.
 */
final class ChildProcess {
  /** How long a stopped or killed child gets to exit before it is killed with SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private final Process process;
  private final String node;
  private final ChildFrames frames;
  private final CompletableFuture<Long> ready = new CompletableFuture<>();
  private volatile CompletableFuture<ObjectNode> pending;
  private volatile boolean closing;
  private final java.util.function.Consumer<ChildProcess> onExit;
  private int tasks;

  private ChildProcess(
      Process process, String node, java.util.function.Consumer<ChildProcess> onExit) {
    this.onExit = onExit;
    this.process = process;
    this.node = node;
    this.frames = new ChildFrames(process.getInputStream(), process.getOutputStream());
    FennelThreads.virtual("worker-child", node).newThread(this::readLoop).start();
  }

  /**
   * Starts a child; it is ready to run a task once it has loaded the app. {@code onExit} is told
   * when its channel closes (it exited, was killed, or was stopped).
   */
  static ChildProcess start(
      ChildCommand command, String node, java.util.function.Consumer<ChildProcess> onExit)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command.command());
    pb.environment().putAll(command.environment());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    return new ChildProcess(pb.start(), node, onExit);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive() && !closing;
  }

  /** Whether the parent stopped or killed this child (rather than it dying by itself). */
  boolean isClosing() {
    return closing;
  }

  /** Tasks this child has run. */
  int tasks() {
    return tasks;
  }

  private void readLoop() {
    try {
      while (true) {
        ObjectNode f = frames.read();
        if (f == null) {
          break;
        }
        switch (f.get("op").asText()) {
          case "ready" -> ready.complete(f.path("pid").asLong());
          case "done" -> {
            CompletableFuture<ObjectNode> p = pending;
            if (p != null) {
              p.complete(f);
            }
          }
          default -> {
            // a frame of a later version: ignore it
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the channel broke: the child is treated as lost
    }
    WorkerLostError lost = new WorkerLostError(exitDescription());
    ready.completeExceptionally(lost);
    CompletableFuture<ObjectNode> p = pending;
    if (p != null) {
      p.completeExceptionally(lost);
    }
    onExit.accept(this);
  }

  private String exitDescription() {
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        return "process-pool child " + pid() + " closed its channel and was still running";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int code = process.exitValue();
    String how =
        code > 128
            ? "signal " + (code - 128) + (code == 137 ? " (SIGKILL)" : "")
            : "exit code " + code;
    return "Worker exited prematurely: process-pool child " + pid() + " ended with " + how;
  }

  /**
   * Runs {@code r} in the child and returns the task's JSON result, or throws what the task body
   * would have: a {@link Retry}, a {@link ChildTaskException}, or {@link WorkerLostError}. An
   * interrupt of the calling thread (soft time limit, revoke with terminate, cold shutdown) is
   * passed on to the child; a SIGKILL terminate or a cold shutdown kills it.
   */
  JsonNode run(TaskRequest r, String hostname) {
    CompletableFuture<ObjectNode> reply = new CompletableFuture<>();
    pending = reply;
    tasks++;
    try {
      await(ready, r);
      frames.write(runFrame(r, hostname));
      return answer(await(reply, r), r.definition());
    } catch (IOException e) {
      kill();
      throw new WorkerLostError("cannot send the task to child " + pid() + ": " + e.getMessage());
    } finally {
      pending = null;
    }
  }

  private <T> T await(CompletableFuture<T> future, TaskRequest r) {
    while (true) {
      try {
        return future.get();
      } catch (InterruptedException e) {
        interrupted(r);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof WorkerLostError w) {
          throw new WorkerLostError(w.getMessage());
        }
        throw new WorkerLostError("child " + pid() + " failed: " + e.getCause());
      }
    }
  }

  private void interrupted(TaskRequest r) {
    Integer signum = r.terminatedBy();
    if (signum == null && !r.isSoftLimitExceeded()
        || signum != null && signum == 9
        || r.isCancelled()) {
      kill();
      return;
    }
    ObjectNode f = ChildFrames.frame("interrupt");
    f.put("id", r.id());
    if (signum != null) {
      f.put("signum", signum);
    }
    try {
      frames.write(f);
    } catch (IOException e) {
      kill();
    }
  }

  private static ObjectNode runFrame(TaskRequest r, String hostname) {
    ObjectNode f = ChildFrames.frame("run");
    f.put("id", r.id());
    f.set("headers", TaskMessageCodec.headersToJson(r.message().headers()));
    f.set("args", r.message().body().args());
    f.set("kwargs", r.message().body().kwargs());
    f.put("hostname", hostname);
    ObjectNode d = f.putObject("delivery");
    var info = r.deliveryInfo();
    d.put("exchange", info.exchange());
    d.put("routing_key", info.routingKey());
    d.put("queue", info.queue());
    d.put("redelivered", info.redelivered());
    return f;
  }

  private static JsonNode answer(ObjectNode done, TaskDefinition def) {
    return switch (done.path("status").asText()) {
      case "success" -> done.get("result");
      case "retry" -> {
        JsonNode reason = done.get("reason");
        throw new Retry(
            done.hasNonNull("countdown_ms")
                ? Duration.ofMillis(done.get("countdown_ms").asLong())
                : null,
            reason == null || reason.isNull()
                ? null
                : new ChildTaskException(ProcessChild.failure(reason, true), false),
            done.hasNonNull("max_retries") ? done.get("max_retries").asInt() : null);
      }
      default ->
          throw new ChildTaskException(
              ProcessChild.failure(done.path("failure"), false),
              done.path("autoretry").asBoolean());
    };
  }

  /** The child's resident memory in KiB (VmRSS), or -1 when it cannot be read. */
  long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the child is gone
    }
    return -1;
  }

  /** CPU time the child used so far, or zero when the platform cannot tell. */
  Duration cpu() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Asks the child to exit after closing its channel; kills it if it has not after the grace. */
  void stop() {
    closing = true;
    try {
      frames.write(ChildFrames.frame("exit"));
      process.getOutputStream().close();
    } catch (IOException e) {
      // it is gone already
    }
    reapLater();
  }

  /** Ends the child now: SIGTERM, then SIGKILL after the grace period. */
  void kill() {
    closing = true;
    process.destroy();
    reapLater();
  }

  private void reapLater() {
    FennelThreads.virtual("worker-child-reap", node)
        .newThread(() -> {
          try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
              process.destroyForcibly();
            }
          } catch (InterruptedException e) {
            process.destroyForcibly();
          }
        })
        .start();
  }

  /** Waits for the child to be gone (tests, shutdown). */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
