package io.fennel.protocol.task;

import io.fennel.protocol.WireNames;

/**
 * The AMQP basic properties of a task message other than its headers; any of them may be null when
 * absent from the frame.
 */
public record TaskProperties(
    String contentType,
    String contentEncoding,
    Integer deliveryMode,
    Integer priority,
    String correlationId,
    String replyTo,
    String expiration) {

  /** What Celery sets for a task: JSON, UTF-8, persistent, priority 0, correlation id = task id. */
  public static TaskProperties forTask(String taskId, String replyTo) {
    return new TaskProperties(
        WireNames.CONTENT_TYPE_JSON, WireNames.CONTENT_ENCODING_UTF8, 2, 0, taskId, replyTo, null);
  }

  /** A copy with the AMQP {@code expiration} (milliseconds, as a decimal string). */
  public TaskProperties withExpiration(String newExpiration) {
    return new TaskProperties(
        contentType,
        contentEncoding,
        deliveryMode,
        priority,
        correlationId,
        replyTo,
        newExpiration);
  }

  /** A copy with another priority. */
  public TaskProperties withPriority(Integer newPriority) {
    return new TaskProperties(
        contentType,
        contentEncoding,
        deliveryMode,
        newPriority,
        correlationId,
        replyTo,
        expiration);
  }
}
