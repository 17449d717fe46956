package io.fennel.core.canvas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.result.ResultBackend;
import io.fennel.core.result.ResultTuples;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.task.Embed;
import io.fennel.protocol.task.Signature;
import io.fennel.protocol.task.SubtaskType;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a worker does after a task's outcome, from the task message's embed, as a Celery worker
 * does: on success it sends the link callbacks and the chain's next step with the result, and
 * returns its chord part; on failure it marks the remaining chain steps FAILED, returns its chord
 * part and sends the errbacks with the task's id; on revoke it returns its chord part. It never
 * throws into the worker: failures go to the {@link FailureHandler}.
 */
public final class FollowUps {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Publisher publisher;
  private final ResultBackend backend;
  private final Clock clock;
  private final ChordJoin chords;
  private final FailureHandler failures;

  /**
   * @param backend the worker's result backend, null for none
   */
  public FollowUps(
      TaskProducer producer, ResultBackend backend, Clock clock, FailureHandler failures) {
    this.publisher = new Publisher(producer, backend);
    this.backend = backend;
    this.clock = clock;
    this.chords = new ChordJoin(publisher, backend, clock);
    this.failures = failures;
  }

  private static Embed embed(TaskMessage m) {
    return m.body().embed() == null ? Embed.NONE : m.body().embed();
  }

  private static ObjectNode lineage(TaskHeaders h) {
    ObjectNode o = JSON.objectNode();
    o.put("parent_id", h.id());
    o.put("root_id", h.rootId() != null ? h.rootId() : h.id());
    return o;
  }

  /**
   * The task succeeded with {@code result}, not yet stored: sends its callbacks and its chain's
   * next step, and returns them in Celery's tuple form for the record's {@code children}.
   */
  public ArrayNode onSuccess(TaskMessage m, JsonNode result) {
    ArrayNode children = JSON.arrayNode();
    TaskHeaders h = m.headers();
    Embed e = embed(m);
    ArrayNode args = JSON.arrayNode().add(result);
    if (e.callbacks() != null && !e.callbacks().isEmpty()) {
      failures.guard(
          "canvas.link",
          "sending the callbacks of " + h.task() + "[" + h.id() + "]",
          () -> callbacks(e.callbacks(), args, lineage(h)).forEach(c -> children.add(tuple(c))));
    }
    if (e.chain() != null && !e.chain().isEmpty()) {
      failures.guard(
          "canvas.chain",
          "sending the next chain step of " + h.task() + "[" + h.id() + "]",
          () -> {
            List<Signature> rest = new ArrayList<>(e.chain());
            Signature next = rest.remove(rest.size() - 1);
            ObjectNode call = lineage(h);
            call.set("chain", Options.toArray(rest));
            children.add(tuple(publisher.apply(next, args, null, call)));
          });
    }
    return children;
  }

  /** The task's SUCCESS is stored: returns its chord part, if it is one. */
  public void onSuccessStored(TaskMessage m, JsonNode result) {
    chordPart(m, "SUCCESS", result);
  }

  /** Celery's tuple of a sent result: {@code [[id, null], null]} or a group's. */
  static JsonNode tuple(ResultRef ref) {
    return switch (ref) {
      case ResultRef.Task t -> ResultTuples.tuple(t.id(), null, null);
      case ResultRef.Group g ->
          ResultTuples.tuple(g.id(), null, g.members().stream().map(FollowUps::tuple).toList());
    };
  }

  private List<ResultRef> callbacks(List<Signature> sigs, ArrayNode args, ObjectNode call) {
    List<ResultRef> sent = new ArrayList<>();
    if (sigs.size() == 1) {
      sent.add(publisher.apply(sigs.get(0), args, null, call));
      return sent;
    }
    List<Signature> plain = new ArrayList<>();
    for (Signature s : sigs) {
      if (s.type() == SubtaskType.GROUP) {
        sent.add(publisher.apply(s, args, null, call));
      } else {
        plain.add(s);
      }
    }
    if (!plain.isEmpty()) {
      sent.add(publisher.apply(Shapes.group(plain, JSON.objectNode()), args, null, call));
    }
    return sent;
  }

  /**
   * The task failed: {@code exception} is the stored exception dict ({@code exc_type}, {@code
   * exc_message}, {@code exc_module}).
   */
  public void onFailure(TaskMessage m, JsonNode exception, String traceback) {
    TaskHeaders h = m.headers();
    Embed e = embed(m);
    chordPart(m, "FAILURE", exception);
    if (e.chain() != null) {
      failures.guard(
          "canvas.chain",
          "failing the rest of the chain of " + h.task() + "[" + h.id() + "]",
          () -> {
            for (Signature step : e.chain()) {
              String id = Options.text(step.options(), "task_id");
              if (id != null && backend != null) {
                backend.store(
                    new ResultRecord(
                        "FAILURE",
                        exception,
                        traceback,
                        JSON.arrayNode(),
                        ResultRecord.formatDateDone(clock.instant()),
                        Options.text(step.options(), "group_id"),
                        null,
                        id,
                        Map.of()),
                    Options.text(step.options(), "reply_to"));
              }
              if (step.options().hasNonNull("chord")) {
                chords.partReturned(
                    Signature.fromJson("options.chord", step.options().get("chord")),
                    Options.text(step.options(), "group_id"),
                    Options.integer(step.options(), "group_index"),
                    id,
                    h.rootId(),
                    "FAILURE",
                    exception);
              }
            }
          });
    }
    if (e.errbacks() != null && !e.errbacks().isEmpty()) {
      failures.guard(
          "canvas.link_error",
          "sending the errbacks of " + h.task() + "[" + h.id() + "]",
          () ->
              publisher.apply(
                  Shapes.group(e.errbacks(), JSON.objectNode()),
                  JSON.arrayNode().add(h.id()),
                  null,
                  lineage(h)));
    }
  }

  /** The task was revoked (terminated, expired or discarded): only its chord part returns. */
  public void onRevoked(TaskMessage m, JsonNode revokedInfo) {
    chordPart(m, "REVOKED", revokedInfo);
  }

  private void chordPart(TaskMessage m, String state, JsonNode result) {
    TaskHeaders h = m.headers();
    Signature body = embed(m).chord();
    if (body == null || h.group() == null) {
      return;
    }
    failures.guard(
        "canvas.chord",
        "returning chord part " + h.task() + "[" + h.id() + "] of group " + h.group(),
        () ->
            chords.partReturned(
                body, h.group(), h.groupIndex(), h.id(), h.rootId(), state, result));
  }
}
