package io.fennel.core.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The results of a group's members, in order, as Celery's {@code GroupResult}: wait for all, count
 * the finished ones, revoke them, and save or restore the group under {@code
 * celery-taskset-meta-<group id>} so another process (Python or Java) can pick it up.
 */
public final class GroupResult implements TaskResult {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String id;
  private final List<TaskResult> results;
  private final ResultBackend backend;
  private final AsyncResult.Revoker revoker;
  private final TaskResult parent;

  public GroupResult(
      String id,
      List<TaskResult> results,
      ResultBackend backend,
      AsyncResult.Revoker revoker,
      TaskResult parent) {
    this.id = id;
    this.results = List.copyOf(results);
    this.backend = backend;
    this.revoker = revoker;
    this.parent = parent;
  }

  @Override
  public String id() {
    return id;
  }

  /** The members, in order. */
  public List<TaskResult> results() {
    return results;
  }

  @Override
  public Optional<TaskResult> parent() {
    return Optional.ofNullable(parent);
  }

  @Override
  public boolean ready() {
    return results.stream().allMatch(TaskResult::ready);
  }

  /** How many members finished successfully (Celery's {@code completed_count}). */
  public int completedCount() {
    int n = 0;
    for (TaskResult r : results) {
      if (r instanceof AsyncResult a ? a.successful() : ((GroupResult) r).successful()) {
        n++;
      }
    }
    return n;
  }

  public boolean successful() {
    return completedCount() == results.size();
  }

  /** Whether any member failed. */
  public boolean failed() {
    return results.stream()
        .anyMatch(r -> r instanceof AsyncResult a ? a.failed() : ((GroupResult) r).failed());
  }

  /**
   * Waits for every member within {@code timeout} in all and returns their results in order.
   *
   * @throws TaskFailedException for the first member that failed
   * @throws TaskTimeoutException when not all were ready in time
   */
  public ArrayNode get(Duration timeout) {
    return get(timeout, true);
  }

  /** As {@link #get(Duration)}; without {@code propagate} a failed member gives its exception. */
  public ArrayNode get(Duration timeout, boolean propagate) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ArrayNode out = JSON.arrayNode();
    for (TaskResult r : results) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      out.add(
          r instanceof AsyncResult a
              ? a.get(left, propagate)
              : ((GroupResult) r).get(left, propagate));
    }
    return out;
  }

  /** Asks the workers to revoke every member. */
  public void revoke(boolean terminate) {
    for (TaskResult r : results) {
      if (r instanceof AsyncResult a) {
        a.revoke(terminate);
      } else {
        ((GroupResult) r).revoke(terminate);
      }
    }
  }

  @Override
  public JsonNode asTuple() {
    List<JsonNode> members = new ArrayList<>();
    results.forEach(r -> members.add(r.asTuple()));
    return ResultTuples.tuple(id, parent == null ? null : parent.asTuple(), members);
  }

  private TasksetStore store() {
    if (backend == null) {
      throw new NoResultBackendException(id);
    }
    return backend
        .tasksets()
        .orElseThrow(() ->
            new io.fennel.core.error.FennelException(
                "the result backend "
                    + backend.url()
                    + " cannot save groups; use a Redis result backend"));
  }

  /** Saves the group as {@code celery-taskset-meta-<id>} (Celery's {@code GroupResult.save()}). */
  public GroupResult save() {
    ObjectNode meta = JSON.objectNode();
    meta.set("result", asTuple());
    store().saveGroup(id, meta);
    return this;
  }

  /** Deletes the saved group (not the members' results). */
  public void delete() {
    store().forgetGroup(id);
  }

  /** A group saved by {@link #save()} or by Python's {@code GroupResult.save()}, if any. */
  public static Optional<GroupResult> restore(
      String id, ResultBackend backend, AsyncResult.Revoker revoker) {
    GroupResult probe = new GroupResult(id, List.of(), backend, revoker, null);
    return probe
        .store()
        .restoreGroup(id)
        .map(meta ->
            (GroupResult)
                ResultTuples.read(
                    "celery-taskset-meta-" + id + ".result", meta.get("result"), backend, revoker));
  }

  @Override
  public String toString() {
    return "GroupResult[" + id + ", " + results.size() + " members]";
  }
}
