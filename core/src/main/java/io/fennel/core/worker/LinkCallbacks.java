package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.producer.TaskProducer;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.protocol.task.Embed;
import io.fennel.protocol.task.Signature;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import java.util.List;

/**
 * What a finished task sends on: its {@code link} callbacks once its SUCCESS is stored (with the
 * result as first argument) and its {@code link_error} errbacks after a failure (with its id). The
 * {@link OutcomeHandler} calls it at four points, {@code onSuccess} (before SUCCESS is stored; what
 * it returns becomes the record's {@code children}), {@code onSuccessStored}, {@code onFailure} and
 * {@code onRevoked}: the one place a workflow continues after an outcome. A callback that cannot be
 * sent goes to the {@link FailureHandler}.
 */
final class LinkCallbacks {
  /** The failure kind under which callbacks that could not be sent are counted. */
  static final String FAILURE_KIND = "worker.link";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final TaskProducer producer;
  private final FailureHandler failures;

  LinkCallbacks(TaskProducer producer, FailureHandler failures) {
    this.producer = producer;
    this.failures = failures;
  }

  private static Embed embed(TaskMessage m) {
    return m.body().embed() == null ? Embed.NONE : m.body().embed();
  }

  /** The task succeeded, not yet stored: the record's {@code children} (none sent yet). */
  ArrayNode onSuccess(TaskMessage m, JsonNode result) {
    return JSON.arrayNode();
  }

  /** SUCCESS is stored and the message acknowledged: sends the link callbacks. */
  void onSuccessStored(TaskMessage m, JsonNode result) {
    send(m, embed(m).callbacks(), result);
  }

  /** FAILURE is stored ({@code exception} is its exception dict): sends the errbacks. */
  void onFailure(TaskMessage m, JsonNode exception, String traceback) {
    send(m, embed(m).errbacks(), JSON.textNode(m.headers().id()));
  }

  /** REVOKED is stored: nothing follows a revoked task here. */
  void onRevoked(TaskMessage m, JsonNode revokedInfo) {}

  private void send(TaskMessage m, List<Signature> sigs, JsonNode value) {
    if (sigs == null) {
      return;
    }
    TaskHeaders h = m.headers();
    for (Signature s : sigs) {
      failures.guard(
          FAILURE_KIND,
          "sending callback " + s.task() + " of " + h.task() + "[" + h.id() + "]",
          () -> {
            ArrayNode args = JSON.arrayNode();
            if (!s.immutable()) {
              args.add(value);
            }
            if (s.args() != null && s.args().isArray()) {
              args.addAll((ArrayNode) s.args());
            }
            ObjectNode kwargs =
                s.kwargs() != null && s.kwargs().isObject()
                    ? (ObjectNode) s.kwargs()
                    : JSON.objectNode();
            SendOptions.Builder o = SendOptions.builder().parentId(h.id()).rootId(h.rootId());
            if (s.options() != null && s.options().hasNonNull("queue")) {
              o.queue(s.options().get("queue").asText());
            }
            if (s.options() != null && s.options().hasNonNull("task_id")) {
              o.taskId(s.options().get("task_id").asText());
            }
            producer.send(s.task(), args, kwargs, o.build());
          });
    }
  }
}
