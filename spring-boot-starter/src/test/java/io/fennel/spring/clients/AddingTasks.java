package io.fennel.spring.clients;

import io.fennel.core.task.Task;

/** The task the {@link Adding} client sends, for tests. */
public class AddingTasks {
  @Task(name = "client.add")
  public int add(int x, int y) {
    return x + y;
  }
}
