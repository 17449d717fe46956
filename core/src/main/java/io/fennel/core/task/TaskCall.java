package io.fennel.core.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One invocation of a task: its JSON {@code args} and {@code kwargs}, typed accessors that decode
 * them, and the task's context.
 */
public final class TaskCall {
  private static final ObjectMapper MAPPER = StrictJson.MAPPER;

  private final ArrayNode args;
  private final ObjectNode kwargs;
  private final TaskContext context;

  public TaskCall(ArrayNode args, ObjectNode kwargs, TaskContext context) {
    this.args = args;
    this.kwargs = kwargs;
    this.context = context;
  }

  public ArrayNode args() {
    return args;
  }

  public ObjectNode kwargs() {
    return kwargs;
  }

  public TaskContext context() {
    return context;
  }

  /** The number of positional arguments. */
  public int argCount() {
    return args.size();
  }

  /**
   * Positional argument {@code i} as {@code type}.
   *
   * @throws TaskArgumentException when it is missing or does not convert
   */
  public <T> T arg(int i, Class<T> type) {
    if (i >= args.size()) {
      throw new TaskArgumentException(
          context.name()
              + " needs positional argument "
              + i
              + " ("
              + type.getSimpleName()
              + ") but got only "
              + args.size()
              + ": "
              + args);
    }
    return convert(args.get(i), type, "positional argument " + i);
  }

  /** Keyword argument {@code name}, or positional {@code i} when not given by keyword. */
  public <T> T arg(int i, String name, Class<T> type) {
    if (kwargs.has(name)) {
      return convert(kwargs.get(name), type, "argument '" + name + "'");
    }
    return arg(i, type);
  }

  /** Whether keyword argument {@code name} was given. */
  public boolean hasKwarg(String name) {
    return kwargs.has(name);
  }

  /**
   * Keyword argument {@code name} as {@code type}.
   *
   * @throws TaskArgumentException when it is missing or does not convert
   */
  public <T> T kwarg(String name, Class<T> type) {
    if (!kwargs.has(name)) {
      throw new TaskArgumentException(
          context.name() + " needs keyword argument '" + name + "' but got " + kwargs);
    }
    return convert(kwargs.get(name), type, "argument '" + name + "'");
  }

  /** Converts JSON to a Java type the way task parameters are bound. */
  public <T> T convert(JsonNode value, Class<T> type, String what) {
    if (type == JsonNode.class) {
      return type.cast(value);
    }
    if (value.isNull() && type.isPrimitive()) {
      throw new TaskArgumentException(
          context.name() + " " + what + " is None but must be a " + type.getSimpleName());
    }
    try {
      return MAPPER.convertValue(value, type);
    } catch (IllegalArgumentException e) {
      throw new TaskArgumentException(
          context.name() + " " + what + " is " + value + ", which is not a " + type.getSimpleName(),
          e);
    }
  }
}
