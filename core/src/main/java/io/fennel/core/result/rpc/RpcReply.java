package io.fennel.core.result.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.serialization.ResultFormat;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.repr.PythonDumps;
import io.fennel.protocol.result.ResultRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The wire form of an {@code rpc://} result, as Celery 5.2's RPC backend sends and reads it: the
 * message a worker publishes and the reply queue a client declares.
 */
final class RpcReply {
  /** The exchange replies go through: the AMQP default exchange, routing straight to the queue. */
  static final String EXCHANGE = "";

  private RpcReply() {}

  /**
   * The reply queue: named by the client's oid, non-durable, auto-delete, not exclusive, with
   * {@code x-expires} = result_expires in milliseconds (86400000 by default).
   */
  static QueueSpec queue(String name, Duration resultExpires) {
    long ms = resultExpires.toMillis();
    Object expires = ms <= Integer.MAX_VALUE ? (Object) (int) ms : (Object) ms;
    return new QueueSpec(name, false, false, true, Map.of("x-expires", expires));
  }

  /**
   * The message for one state: exchange {@code ""}, routing key = the task's reply_to, transient,
   * correlation_id = task id, body {@code {"task_id", "status", "result", "traceback", "children"}}
   * in that order with Python's separators.
   */
  static OutgoingMessage message(ResultRecord record, String replyTo) {
    return message(record, replyTo, ResultFormat.JSON);
  }

  /** As {@link #message(ResultRecord, String)}, the body in {@code format}. */
  static OutgoingMessage message(ResultRecord record, String replyTo, ResultFormat format) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("task_id", record.taskId());
    o.put("status", record.status());
    o.set("result", record.result());
    o.put("traceback", record.traceback());
    o.set("children", record.children());
    MessageProperties props =
        new MessageProperties(
            format.serializer().content().contentType(),
            format.serializer().content().contentEncoding(),
            Map.of(),
            MessageProperties.TRANSIENT,
            0,
            record.taskId(),
            null,
            null);
    return new OutgoingMessage(EXCHANGE, replyTo, props, format.encode(o));
  }

  /**
   * Reads a reply body. Celery's body has no date_done; the task id comes from the body and, for
   * bodies without one, from the correlation_id (which Celery sets to the task id).
   */
  static ResultRecord parse(byte[] body, String correlationId) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      return ResultRecord.fromJson(text);
    } catch (ProtocolException e) {
      if (correlationId == null || !"task_id".equals(e.field())) {
        throw e;
      }
      ObjectNode withId = (ObjectNode) io.fennel.protocol.PythonJson.read("rpc reply", text);
      withId.put("task_id", correlationId);
      return ResultRecord.fromJson(PythonDumps.dumps(withId));
    }
  }
}
