package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.result.TasksetStore;
import io.fennel.protocol.repr.PythonRepr;
import io.fennel.protocol.result.ExceptionInfo;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.task.Signature;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chord header part's return on the worker that ran it, as Celery's {@code on_chord_part_return}:
 * the part joins the backend's count; the part that completes the header sends the body with the
 * results in header order, or, when a part failed or was revoked, or the backend cannot join,
 * stores the body as FAILED with a {@code ChordError} naming why and calls the body's errbacks, so
 * a chord never hangs silently.
 */
final class ChordJoin {
  private static final Logger log = LoggerFactory.getLogger(ChordJoin.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> PROPAGATE = List.of("FAILURE", "REVOKED");

  private final Publisher publisher;
  private final ResultBackend backend;
  private final Clock clock;

  ChordJoin(Publisher publisher, ResultBackend backend, Clock clock) {
    this.publisher = publisher;
    this.backend = backend;
    this.clock = clock;
  }

  /** One part of group {@code groupId} ended in {@code state} with {@code result}. */
  void partReturned(
      Signature body,
      String groupId,
      Integer groupIndex,
      String taskId,
      String rootId,
      String state,
      JsonNode result) {
    Optional<TasksetStore> store = backend == null ? Optional.empty() : backend.tasksets();
    if (store.isEmpty()) {
      fail(
          body,
          "the result backend "
              + (backend == null ? "(none)" : backend.url())
              + " cannot join chord "
              + groupId
              + "; the body never runs. Use a Redis result backend for chords");
      return;
    }
    Optional<List<TasksetStore.ChordPart>> done =
        store.get().partReturned(groupId, groupIndex, taskId, state, result);
    if (done.isEmpty()) {
      return;
    }
    ArrayNode results = JSON.arrayNode();
    for (TasksetStore.ChordPart p : done.get()) {
      if (PROPAGATE.contains(p.state())) {
        fail(body, "Dependency " + p.taskId() + " raised " + exceptionRepr(p.result()));
        return;
      }
      results.add(p.result());
    }
    Optional<JsonNode> saved = store.get().restoreGroup(groupId);
    if (saved.isPresent() && saved.get().path("result").path(1).isArray()) {
      try {
        results = nested(saved.get().get("result").get(1));
      } catch (DependencyFailed e) {
        fail(body, e.getMessage());
        return;
      }
    }
    ArrayNode args = JSON.arrayNode();
    args.add(results);
    ObjectNode call = JSON.objectNode();
    call.put("parent_id", taskId);
    if (rootId != null) {
      call.put("root_id", rootId);
    }
    try {
      publisher.apply(body, args, JSON.objectNode(), call);
    } catch (RuntimeException e) {
      log.error("cannot send the body {} of chord {}", body.task(), groupId, e);
      fail(body, "Callback error: " + e);
    }
  }

  /** A header member that failed, found while reading a saved (nested) header group. */
  private static final class DependencyFailed extends Exception {
    private static final long serialVersionUID = 1L;

    DependencyFailed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The results of a header saved as a group because it nests groups (Celery's apply_chord does
   * this), read member by member so nested groups give nested lists.
   */
  private ArrayNode nested(JsonNode members) throws DependencyFailed {
    ArrayNode out = JSON.arrayNode();
    for (JsonNode t : members) {
      if (t.path(1).isArray()) {
        out.add(nested(t.get(1)));
        continue;
      }
      String id = t.path(0).path(0).asText();
      ResultRecord r = backend.get(id).orElse(null);
      if (r == null || PROPAGATE.contains(r.status())) {
        throw new DependencyFailed(
            "Dependency "
                + id
                + " raised "
                + (r == null ? "nothing stored" : exceptionRepr(r.result())));
      }
      out.add(r.result());
    }
    return out;
  }

  /** Python's {@code repr} of a stored exception, e.g. {@code ValueError('boom')}. */
  static String exceptionRepr(JsonNode stored) {
    if (stored == null || !stored.isObject() || !stored.has("exc_type")) {
      return PythonRepr.repr(stored);
    }
    JsonNode msg = stored.get("exc_message");
    StringBuilder b = new StringBuilder(stored.get("exc_type").asText()).append('(');
    if (msg != null && msg.isArray()) {
      for (int i = 0; i < msg.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(PythonRepr.repr(msg.get(i)));
      }
    } else if (msg != null && !msg.isNull()) {
      b.append(PythonRepr.repr(msg));
    }
    return b.append(')').toString();
  }

  /** Stores the body as FAILED with a ChordError and calls its errbacks with its id. */
  void fail(Signature body, String reason) {
    log.error("chord body {} cannot run: {}", body.task(), reason);
    String bodyId = publisher.freeze(body).ref().id();
    ExceptionInfo exc =
        new ExceptionInfo("ChordError", JSON.arrayNode().add(reason), "celery.exceptions");
    String traceback =
        "Traceback (most recent call last):\n  (chord join on a Fennel worker)\n"
            + "celery.exceptions.ChordError: "
            + reason
            + "\n";
    if (backend != null) {
      try {
        backend.store(
            new ResultRecord(
                "FAILURE",
                exc.toJson(),
                traceback,
                JSON.arrayNode(),
                ResultRecord.formatDateDone(clock.instant()),
                null,
                null,
                bodyId,
                Map.of()),
            Options.text(body.options(), "reply_to"));
      } catch (RuntimeException e) {
        log.error("cannot store the failure of chord body {}: {}", bodyId, e.toString());
      }
    }
    List<Signature> errbacks = Options.signatures(body.options(), "link_error");
    if (!errbacks.isEmpty()) {
      ObjectNode call = JSON.objectNode();
      call.put("parent_id", bodyId);
      call.put("root_id", bodyId);
      publisher.apply(
          Shapes.group(errbacks, JSON.objectNode()), JSON.arrayNode().add(bodyId), null, call);
    }
  }
}
