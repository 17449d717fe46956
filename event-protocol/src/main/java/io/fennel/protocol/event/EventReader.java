package io.fennel.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.protocol.ProtocolException;

/** Turns one event JSON object into its record, checking every modelled field's type. */
final class EventReader {
  private EventReader() {}

  /**
   * Reads one event.
   *
   * @param prefix put before field names in errors, e.g. {@code body[1].}; empty for a single event
   */
  static Event read(JsonNode json, String prefix) {
    if (json == null || !json.isObject()) {
      String where = prefix.isEmpty() ? "event" : prefix.substring(0, prefix.length() - 1);
      throw new ProtocolException(
          where,
          "must be a JSON object, was " + (json == null ? "null" : FieldReader.excerpt(json)));
    }
    FieldReader r = new FieldReader((ObjectNode) json, prefix);
    String type = r.requireString("type");
    if (type.isEmpty()) {
      throw new ProtocolException(prefix + "type", "must not be empty");
    }
    EventFields fields =
        new EventFields(
            r.requireString("hostname"),
            r.optInt("utcoffset"),
            r.optInt("pid"),
            r.requireLong("clock"),
            r.requireDouble("timestamp"));
    return switch (type) {
      case TaskSent.TYPE ->
          new TaskSent(
              fields,
              r.requireString("uuid"),
              r.optString("root_id"),
              r.optString("parent_id"),
              r.optString("name"),
              r.optString("args"),
              r.optString("kwargs"),
              r.optInt("retries"),
              r.optString("eta"),
              r.optString("expires"),
              r.optString("queue"),
              r.optString("exchange"),
              r.optString("routing_key"),
              r.rest());
      case TaskReceived.TYPE ->
          new TaskReceived(
              fields,
              r.requireString("uuid"),
              r.optString("name"),
              r.optString("args"),
              r.optString("kwargs"),
              r.optString("root_id"),
              r.optString("parent_id"),
              r.optInt("retries"),
              r.optString("eta"),
              r.optString("expires"),
              r.rest());
      case TaskStarted.TYPE -> new TaskStarted(fields, r.requireString("uuid"), r.rest());
      case TaskSucceeded.TYPE ->
          new TaskSucceeded(
              fields,
              r.requireString("uuid"),
              r.optString("result"),
              r.optDouble("runtime"),
              r.rest());
      case TaskFailed.TYPE ->
          new TaskFailed(
              fields,
              r.requireString("uuid"),
              r.optString("exception"),
              r.optString("traceback"),
              r.rest());
      case TaskRetried.TYPE ->
          new TaskRetried(
              fields,
              r.requireString("uuid"),
              r.optString("exception"),
              r.optString("traceback"),
              r.rest());
      case TaskRejected.TYPE ->
          new TaskRejected(fields, r.requireString("uuid"), r.optBoolean("requeue"), r.rest());
      case TaskRevoked.TYPE ->
          new TaskRevoked(
              fields,
              r.requireString("uuid"),
              r.optBoolean("terminated"),
              r.optInt("signum"),
              r.optBoolean("expired"),
              r.rest());
      case WorkerOnline.TYPE ->
          new WorkerOnline(
              fields,
              r.requireDouble("freq"),
              r.requireInt("active"),
              r.requireLong("processed"),
              r.optDoubleList("loadavg"),
              r.optString("sw_ident"),
              r.optString("sw_ver"),
              r.optString("sw_sys"),
              r.rest());
      case WorkerHeartbeat.TYPE ->
          new WorkerHeartbeat(
              fields,
              r.requireDouble("freq"),
              r.requireInt("active"),
              r.requireLong("processed"),
              r.optDoubleList("loadavg"),
              r.optString("sw_ident"),
              r.optString("sw_ver"),
              r.optString("sw_sys"),
              r.rest());
      case WorkerOffline.TYPE ->
          new WorkerOffline(
              fields,
              r.requireDouble("freq"),
              r.requireInt("active"),
              r.requireLong("processed"),
              r.optDoubleList("loadavg"),
              r.optString("sw_ident"),
              r.optString("sw_ver"),
              r.optString("sw_sys"),
              r.rest());
      default -> new UnknownEvent(type, fields, r.rest());
    };
  }
}
