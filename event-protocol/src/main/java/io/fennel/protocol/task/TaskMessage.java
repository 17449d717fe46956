package io.fennel.protocol.task;

import java.util.Objects;

/** A whole protocol v2 task message: basic properties, headers and body. */
public record TaskMessage(TaskProperties properties, TaskHeaders headers, TaskBody body) {
  public TaskMessage {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }
}
