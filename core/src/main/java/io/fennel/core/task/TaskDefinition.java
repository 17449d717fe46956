package io.fennel.core.task;

/** A registered task: its name on the wire, its body and its options. */
public record TaskDefinition(String name, TaskHandler handler, TaskOptions options) {
  public TaskDefinition {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a task needs a name, such as \"demo.add\"");
    }
  }
}
