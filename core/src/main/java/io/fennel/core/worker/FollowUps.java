package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.producer.TaskProducer;
import io.fennel.protocol.task.Embed;
import io.fennel.protocol.task.Signature;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a finished task sends on: its {@code link} callbacks after a success (with the result as
 * first argument) and its {@code link_error} errbacks after a failure (with its id). This is the
 * one place the worker continues a workflow after an outcome, called by the {@link OutcomeHandler}
 * once the result is stored and the delivery acknowledged; a callback that cannot be sent is
 * logged.
 */
final class FollowUps {
  private static final Logger log = LoggerFactory.getLogger(FollowUps.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final TaskProducer producer;

  FollowUps(TaskProducer producer) {
    this.producer = producer;
  }

  /** After SUCCESS was stored and the message acknowledged. */
  void afterSuccess(TaskRequest r, JsonNode result) {
    Embed embed = r.message().body().embed();
    send(r, embed == null ? null : embed.callbacks(), result);
  }

  /** After FAILURE was stored and the message acknowledged. */
  void afterFailure(TaskRequest r, TaskFailure failure) {
    Embed embed = r.message().body().embed();
    send(r, embed == null ? null : embed.errbacks(), JSON.textNode(r.id()));
  }

  private void send(TaskRequest r, List<Signature> sigs, JsonNode value) {
    if (sigs == null) {
      return;
    }
    for (Signature s : sigs) {
      try {
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
        SendOptions.Builder o =
            SendOptions.builder().parentId(r.id()).rootId(r.message().headers().rootId());
        if (s.options() != null && s.options().hasNonNull("queue")) {
          o.queue(s.options().get("queue").asText());
        }
        if (s.options() != null && s.options().hasNonNull("task_id")) {
          o.taskId(s.options().get("task_id").asText());
        }
        producer.send(s.task(), args, kwargs, o.build());
      } catch (RuntimeException e) {
        log.error("cannot send callback {} of {}[{}]", s.task(), r.name(), r.id(), e);
      }
    }
  }
}
