package io.fennel.agent.internal.mailbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.task.DeliveryInfo;
import io.fennel.core.worker.TaskRequest;
import java.time.Instant;

/**
 * A task request as {@code inspect active/reserved/scheduled/query_task} show it, keys in Celery's
 * order: {@code id, name, args, kwargs, type, hostname, time_start, acknowledged, delivery_info,
 * worker_pid}.
 */
final class RequestView {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RequestView() {}

  static ObjectNode of(TaskRequest r, String node, long pid) {
    ObjectNode o = JSON.objectNode();
    o.put("id", r.id());
    o.put("name", r.name());
    o.set("args", r.message().body().args().deepCopy());
    o.set("kwargs", r.message().body().kwargs().deepCopy());
    o.put("type", r.name());
    o.put("hostname", node);
    Instant started = r.startedAt().orElse(null);
    if (started == null) {
      o.putNull("time_start");
    } else {
      o.put("time_start", started.getEpochSecond() + started.getNano() / 1e9);
    }
    o.put("acknowledged", r.acknowledged());
    DeliveryInfo d = r.deliveryInfo();
    ObjectNode info = o.putObject("delivery_info");
    info.put("exchange", d.exchange());
    info.put("routing_key", d.routingKey());
    info.put("priority", r.priority());
    info.put("redelivered", d.redelivered());
    if (started == null) {
      o.putNull("worker_pid");
    } else {
      o.put("worker_pid", pid);
    }
    return o;
  }
}
