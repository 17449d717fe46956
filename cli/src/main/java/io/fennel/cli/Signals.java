package io.fennel.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Installs a handler for a POSIX signal (INT, TERM) through the JDK's {@code sun.misc.Signal},
 * reached by reflection because javac flags it as internal API. Where it is missing, {@link
 * #handle} says so and the caller falls back to a shutdown hook.
 */
final class Signals {
  private Signals() {}

  /** Something that puts the previous handler back. */
  interface Restore {
    void restore();
  }

  /**
   * Runs {@code action} on its own thread each time signal {@code name} arrives, instead of the
   * JVM's default (which for INT and TERM is to exit).
   *
   * @return how to restore the previous handler, or empty when signals cannot be handled here
   */
  static Optional<Restore> handle(String name, Runnable action) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      InvocationHandler body =
          (proxy, method, args) ->
              switch (method.getName()) {
                case "handle" -> {
                  action.run();
                  yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "fennel " + name + " handler";
              };
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(), new Class<?>[] {handlerType}, body);
      Method install = signalType.getMethod("handle", signalType, handlerType);
      Object previous = install.invoke(null, signal, handler);
      return Optional.of(() -> {
        try {
          install.invoke(null, signal, previous);
        } catch (ReflectiveOperationException e) {
          // the JVM is going away; nothing useful to do
        }
      });
    } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
