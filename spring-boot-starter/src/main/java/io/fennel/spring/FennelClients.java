package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the implementation of a {@link FennelClient} interface: each call sends one task message
 * through the app and returns its {@link AsyncResult} at once. The interface is checked when the
 * client is made, so a method without {@link SendsTask}, or one that returns anything but {@link
 * AsyncResult}, stops the application at start naming the method and the rule.
 */
public final class FennelClients {
  private FennelClients() {}

  /**
   * What a client method sends: the task, the options from its annotation, and whether its last
   * parameter gives the options instead.
   */
  private record Send(String task, SendOptions fixed, boolean lastIsOptions) {}

  /**
   * A client of {@code type} sending through {@code fennel}.
   *
   * @throws IllegalArgumentException naming the method and the rule when the interface is not a
   *     valid client
   */
  public static <T> T create(Fennel fennel, Class<T> type) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException(
          type.getName() + " is annotated @FennelClient but is not an interface; make it one");
    }
    Map<Method, Send> sends = new HashMap<>();
    for (Method m : type.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      sends.put(m, send(type, m));
    }
    InvocationHandler handler =
        (proxy, method, args) -> {
          Send s = sends.get(method);
          if (s == null) {
            return objectMethod(type, proxy, method, args);
          }
          return send(fennel, s, args == null ? new Object[0] : args);
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Send send(Class<?> type, Method m) {
    SendsTask t = m.getAnnotation(SendsTask.class);
    String where = type.getName() + "." + m.getName();
    if (t == null || t.value().isBlank()) {
      throw new IllegalArgumentException(
          where + " must be annotated @SendsTask(\"task.name\"): a client method sends a task");
    }
    if (m.getReturnType() != AsyncResult.class) {
      throw new IllegalArgumentException(
          where
              + " returns "
              + m.getReturnType().getSimpleName()
              + " but must return AsyncResult: the task runs on a worker, so the call returns"
              + " its handle");
    }
    Class<?>[] params = m.getParameterTypes();
    boolean lastIsOptions = params.length > 0 && params[params.length - 1] == SendOptions.class;
    if (lastIsOptions && !t.queue().isBlank()) {
      throw new IllegalArgumentException(
          where
              + " names queue '"
              + t.queue()
              + "' and takes SendOptions; choose one: the queue in @SendsTask, or"
              + " SendOptions.builder().queue(..) in the call");
    }
    SendOptions fixed =
        t.queue().isBlank() ? SendOptions.NONE : SendOptions.builder().queue(t.queue()).build();
    return new Send(t.value(), fixed, lastIsOptions);
  }

  private static AsyncResult send(Fennel fennel, Send s, Object[] args) {
    List<Object> positional = Arrays.asList(args);
    SendOptions options = s.fixed();
    if (s.lastIsOptions()) {
      Object last = args[args.length - 1];
      options = last == null ? SendOptions.NONE : (SendOptions) last;
      positional = positional.subList(0, args.length - 1);
    }
    return fennel.sendTask(s.task(), positional, Map.of(), options);
  }

  private static Object objectMethod(Class<?> type, Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> "FennelClient[" + type.getName() + "]";
      default -> throw new UnsupportedOperationException(method.toString());
    };
  }
}
