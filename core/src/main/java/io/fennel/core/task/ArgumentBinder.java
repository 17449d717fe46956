package io.fennel.core.task;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a call's {@code args} and {@code kwargs} to a {@link Task} method's parameters as Python
 * binds them to a function's: too many positional arguments, a value given twice, an unexpected
 * keyword, a missing argument or a value of the wrong type fail with Python's {@code TypeError}
 * text; {@code None} reaches only parameters that may hold it ({@code JsonNode}, {@code Optional},
 * or a parameter annotated {@code @Nullable}).
 */
final class ArgumentBinder {
  private final Object receiver;
  private final Method method;
  private final Method invoked;
  private final Parameter[] params;
  private final JavaType[] types;
  private final int bindable;
  private final Set<String> names = new HashSet<>();

  /**
   * Binds to {@code method}'s parameters and calls {@code invoked} (the same method, or its
   * counterpart on a proxy such as Spring's, so the proxy's advice runs).
   */
  ArgumentBinder(Object receiver, Method method, Method invoked) {
    this.receiver = receiver;
    this.method = method;
    this.invoked = invoked;
    this.params = method.getParameters();
    this.types = new JavaType[params.length];
    int n = 0;
    for (int i = 0; i < params.length; i++) {
      types[i] = StrictJson.MAPPER.getTypeFactory().constructType(params[i].getParameterizedType());
      if (!injected(params[i])) {
        n++;
        if (params[i].isNamePresent()) {
          names.add(params[i].getName());
        }
      }
    }
    this.bindable = n;
  }

  private static boolean injected(Parameter p) {
    return p.getType() == TaskContext.class || p.getType() == TaskCall.class;
  }

  /** Binds {@code call} and invokes the method. */
  Object invoke(TaskCall call) throws Exception {
    String task = call.context().name() + "()";
    if (call.args().size() > bindable) {
      throw new TaskArgumentException(
          task
              + " takes "
              + bindable
              + " positional argument"
              + (bindable == 1 ? "" : "s")
              + " but "
              + call.args().size()
              + (call.args().size() == 1 ? " was" : " were")
              + " given");
    }
    for (Iterator<String> it = call.kwargs().fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!names.contains(k)) {
        throw new TaskArgumentException(task + " got an unexpected keyword argument '" + k + "'");
      }
    }
    Object[] values = new Object[params.length];
    int position = 0;
    for (int i = 0; i < params.length; i++) {
      Parameter p = params[i];
      if (p.getType() == TaskContext.class) {
        values[i] = call.context();
        continue;
      }
      if (p.getType() == TaskCall.class) {
        values[i] = call;
        continue;
      }
      boolean byKeyword = p.isNamePresent() && call.kwargs().has(p.getName());
      boolean byPosition = position < call.args().size();
      String what = "argument '" + p.getName() + "'";
      if (byKeyword && byPosition) {
        throw new TaskArgumentException(task + " got multiple values for " + what);
      }
      if (!byKeyword && !byPosition) {
        throw new TaskArgumentException(
            task
                + " missing required "
                + (p.isNamePresent() ? what : "positional argument #" + position)
                + "; got args "
                + call.args()
                + " and kwargs "
                + call.kwargs());
      }
      JsonNode value = byKeyword ? call.kwargs().get(p.getName()) : call.args().get(position);
      position++;
      values[i] = convert(task, value, i, what);
    }
    try {
      return invoked.invoke(receiver, values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  private Object convert(String task, JsonNode value, int i, String what) {
    Class<?> raw = params[i].getType();
    if (raw == JsonNode.class) {
      return value;
    }
    if (value.isNull()) {
      if (raw == Optional.class) {
        return Optional.empty();
      }
      if (raw.isPrimitive() || !nullable(params[i])) {
        throw new TaskArgumentException(
            task
                + " "
                + what
                + " is None, but "
                + method.getName()
                + " takes a "
                + raw.getSimpleName()
                + " (annotate the parameter @Nullable to accept None)");
      }
      return null;
    }
    try {
      return StrictJson.MAPPER.convertValue(value, types[i]);
    } catch (IllegalArgumentException e) {
      throw new TaskArgumentException(
          task + " " + what + " is " + value + ", which is not a " + raw.getSimpleName(), e);
    }
  }

  private static boolean nullable(Parameter p) {
    for (Annotation a : p.getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }
}
