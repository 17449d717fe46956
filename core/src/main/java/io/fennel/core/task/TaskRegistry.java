package io.fennel.core.task;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The tasks an app knows, by name; safe to read while a worker runs. */
public final class TaskRegistry {
  private final Map<String, TaskDefinition> byName = new ConcurrentSkipListMap<>();

  /**
   * Adds a task.
   *
   * @throws IllegalArgumentException when a different task already has that name
   */
  public void register(TaskDefinition def) {
    TaskDefinition previous = byName.putIfAbsent(def.name(), def);
    if (previous != null && previous != def) {
      throw new IllegalArgumentException(
          "a task named " + def.name() + " is already registered; task names must be unique");
    }
  }

  /**
   * Adds every public {@code @Task} method of {@code tasks} (an object, or a class for its static
   * methods).
   *
   * @throws IllegalArgumentException when it has none, or a name is taken
   */
  public void registerAll(Object tasks) {
    List<TaskDefinition> defs = AnnotatedTasks.of(tasks);
    if (defs.isEmpty()) {
      Class<?> c = tasks instanceof Class<?> k ? k : tasks.getClass();
      throw new IllegalArgumentException(
          c.getName() + " has no public method annotated with @Task");
    }
    defs.forEach(this::register);
  }

  /** The task of that name, or Celery's built-in {@code celery.map}/{@code celery.starmap}. */
  public Optional<TaskDefinition> find(String name) {
    TaskDefinition def = byName.get(name);
    return Optional.ofNullable(def != null ? def : CanvasBuiltins.find(this, name));
  }

  /** Registered names, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Every registered task. */
  public Collection<TaskDefinition> all() {
    return List.copyOf(byName.values());
  }
}
