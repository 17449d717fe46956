package io.fennel.core.result;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ExceptionInfo;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handle on a sent task: its state, and its result once ready, read from the result backend. An
 * id nobody stored anything for is PENDING, as in Celery.
 *
 * <p>A handle from a pipelined send ({@code task_publish_confirm=pipelined}, the default) also
 * carries the broker's answer: {@link #sent()} completes on RabbitMQ's confirm and fails when the
 * message was refused or never confirmed, and {@link #get} throws that failure instead of waiting
 * for a result that cannot come.
 */
public final class AsyncResult implements TaskResult {
  private final String id;
  private final ResultBackend backend;
  private final Revoker revoker;
  private final TaskResult parent;
  private final CompletableFuture<Void> sent;

  /** How a result asks workers to revoke its task. */
  @FunctionalInterface
  public interface Revoker {
    void revoke(String taskId, boolean terminate, String signal);
  }

  /**
   * @param backend null when the app has no result backend
   */
  public AsyncResult(String id, ResultBackend backend, Revoker revoker) {
    this(id, backend, revoker, null);
  }

  /** A handle that knows what ran before it in its workflow ({@link #parent()}). */
  public AsyncResult(String id, ResultBackend backend, Revoker revoker, TaskResult parent) {
    this(id, backend, revoker, parent, CompletableFuture.completedFuture(null));
  }

  /**
   * A handle on a task whose message may still await the broker's confirm.
   *
   * @param sent completes when the broker confirmed the message, fails when it did not
   */
  public AsyncResult(
      String id,
      ResultBackend backend,
      Revoker revoker,
      TaskResult parent,
      CompletableFuture<Void> sent) {
    this.id = id;
    this.backend = backend;
    this.revoker = revoker;
    this.parent = parent;
    this.sent = sent;
  }

  /**
   * The broker's answer to the message that sent this task: complete once it is confirmed (at once
   * for a send that waited, or on a broker without confirms), failed with the reason when the
   * broker refused it, the connection dropped first, or no confirm came within 10 s (a {@link
   * io.fennel.core.broker.BrokerUnavailableException} whose {@code mayHaveArrived()} is true: the
   * task may still run). The returned future is a copy; completing it changes nothing.
   */
  public CompletableFuture<Void> sent() {
    return sent.copy();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<TaskResult> parent() {
    return Optional.ofNullable(parent);
  }

  @Override
  public JsonNode asTuple() {
    return ResultTuples.tuple(id, parent == null ? null : parent.asTuple(), null);
  }

  /** The tasks this one sent while it ran (a chain's next step, its callbacks), as stored. */
  public java.util.List<TaskResult> children() {
    JsonNode c = record().map(ResultRecord::children).orElse(null);
    java.util.List<TaskResult> out = new java.util.ArrayList<>();
    if (c != null && c.isArray()) {
      for (int i = 0; i < c.size(); i++) {
        out.add(ResultTuples.read("children[" + i + "]", c.get(i), backend, revoker));
      }
    }
    return out;
  }

  /**
   * This result and every descendant's, depth first, each waited for within {@code timeout}
   * (Celery's {@code collect()}): pairs of handle and value.
   */
  public java.util.List<java.util.Map.Entry<TaskResult, JsonNode>> collect(Duration timeout) {
    java.util.List<java.util.Map.Entry<TaskResult, JsonNode>> out = new java.util.ArrayList<>();
    collectInto(this, timeout, out);
    return out;
  }

  private static void collectInto(
      TaskResult r,
      Duration timeout,
      java.util.List<java.util.Map.Entry<TaskResult, JsonNode>> out) {
    if (r instanceof AsyncResult a) {
      out.add(java.util.Map.entry(a, a.get(timeout)));
      a.children().forEach(c -> collectInto(c, timeout, out));
    } else if (r instanceof GroupResult g) {
      out.add(java.util.Map.entry(g, g.get(timeout)));
    }
  }

  private ResultBackend backend() {
    if (backend == null) {
      throw new NoResultBackendException(id);
    }
    return backend;
  }

  /** The latest stored record, if any. */
  public Optional<ResultRecord> record() {
    return backend().get(id);
  }

  /** The task's state name as stored (custom states are kept); PENDING when nothing is stored. */
  public String status() {
    return record().map(ResultRecord::status).orElse("PENDING");
  }

  /** The task's state; custom states read as STARTED. */
  public TaskState state() {
    return TaskState.fromWire(status()).orElse(TaskState.STARTED);
  }

  public boolean ready() {
    return state().ready();
  }

  public boolean successful() {
    return state() == TaskState.SUCCESS;
  }

  public boolean failed() {
    return state() == TaskState.FAILURE;
  }

  /** The traceback of a failed task, or null. */
  public String traceback() {
    return record().map(ResultRecord::traceback).orElse(null);
  }

  /**
   * Waits for the task to finish and returns its result as JSON.
   *
   * @throws TaskFailedException when it ended in FAILURE or REVOKED
   * @throws TaskTimeoutException when it was not ready in time
   */
  public JsonNode get(Duration timeout) {
    return get(timeout, true);
  }

  /**
   * As {@link #get(Duration)}; without {@code propagate} a FAILURE or REVOKED task returns its
   * stored exception ({@code {exc_type, exc_message, exc_module}}) instead of throwing, as Celery's
   * {@code get(propagate=False)}.
   */
  public JsonNode get(Duration timeout, boolean propagate) {
    ResultRecord r;
    long deadline = System.nanoTime() + timeout.toNanos();
    ResultBackend b = backend();
    awaitSent(timeout);
    try {
      r = b.await(id, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskTimeoutException(id, timeout, "interrupted");
    }
    TaskState s =
        r == null ? TaskState.PENDING : TaskState.fromWire(r.status()).orElse(TaskState.STARTED);
    if (!s.ready()) {
      throw new TaskTimeoutException(id, timeout, r == null ? "PENDING" : r.status());
    }
    if (s == TaskState.SUCCESS || !propagate) {
      return r.result();
    }
    throw failure(r);
  }

  /**
   * Waits up to {@code timeout} for the broker's confirm of this task's message; returns at once
   * for a send that already waited.
   *
   * @throws RuntimeException the reason the broker did not take it (as {@link #sent()} fails): a
   *     {@link io.fennel.core.broker.BrokerUnavailableException} or a {@link
   *     io.fennel.core.error.FennelException} naming the refusal
   * @throws TaskTimeoutException when the confirm did not come in time
   */
  public void awaitSent(Duration timeout) {
    if (sent.isDone() && !sent.isCompletedExceptionally()) {
      return;
    }
    try {
      sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new io.fennel.core.error.FennelException(
          "task " + id + " was not confirmed by the broker: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new TaskTimeoutException(
          id, timeout, "PENDING, its message not yet confirmed by the broker");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskTimeoutException(id, timeout, "interrupted");
    }
  }

  /** {@link #get(Duration)} converted to {@code type}. */
  public <T> T get(Duration timeout, Class<T> type) {
    return PythonJson.MAPPER.convertValue(get(timeout), type);
  }

  static TaskFailedException failure(ResultRecord r) {
    Optional<ExceptionInfo> e = r.exception();
    String message =
        e.map(
                x -> {
                  JsonNode m = x.excMessage();
                  if (m != null && m.isArray() && m.size() == 1) {
                    return m.get(0).isTextual() ? m.get(0).asText() : m.get(0).toString();
                  }
                  return m == null || m.isNull() ? "" : m.isTextual() ? m.asText() : m.toString();
                })
            .orElse(r.result() == null ? "" : r.result().toString());
    return new TaskFailedException(
        r.taskId(),
        r.status(),
        e.map(ExceptionInfo::excType).orElse("Exception"),
        message,
        e.map(ExceptionInfo::excModule).orElse(null),
        r.traceback());
  }

  /** Deletes the stored result. */
  public void forget() {
    backend().forget(id);
  }

  /** Asks every worker to revoke this task; with {@code terminate}, a running one is stopped. */
  public void revoke(boolean terminate) {
    revoker.revoke(id, terminate, "SIGTERM");
  }

  @Override
  public String toString() {
    return "AsyncResult[" + id + "]";
  }
}
