package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.error.FennelException;
import io.fennel.core.task.Task;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resolves {@code --app CLASS} and registers the class's tasks on an app. The class is looked up on
 * the runnable jar's classpath plus {@code FENNEL_CLASSPATH} (jars and directories separated by the
 * platform's path separator; {@code dir/*} means every jar in {@code dir}). The first of these that
 * the class offers is used:
 *
 * <ol>
 *   <li>it implements {@link FennelApp}: a new instance (public no-argument constructor) gets
 *       {@code define(app)};
 *   <li>it declares {@code public static void define(Fennel app)}: that is called;
 *   <li>it has public {@code @Task} methods: they are registered, on a new instance when any is an
 *       instance method, otherwise as static methods.
 * </ol>
 *
 * A name that is not found is also tried as a nested class ({@code com.x.Outer.Inner}).
 */
final class AppLoader {
  static final String CLASSPATH_VARIABLE = "FENNEL_CLASSPATH";

  private AppLoader() {}

  /**
   * Registers the tasks of {@code className} on {@code app}.
   *
   * @throws FennelException saying what was tried and how to fix it
   */
  static void define(Fennel app, String className, CliEnvironment env) {
    Class<?> type = load(className, classLoader(env));
    try {
      if (FennelApp.class.isAssignableFrom(type)) {
        ((FennelApp) instantiate(type)).define(app);
      } else if (staticDefine(type) != null) {
        staticDefine(type).invoke(null, app);
      } else if (hasTaskMethods(type)) {
        app.registerAll(hasInstanceTaskMethods(type) ? instantiate(type) : type);
      } else {
        throw new FennelException(
            "class "
                + type.getName()
                + " defines no tasks; implement "
                + FennelApp.class.getName()
                + ", add 'public static void define(Fennel app)', or annotate public methods"
                + " with @Task");
      }
    } catch (IllegalAccessException e) {
      throw new FennelException("cannot call define(Fennel) of " + type.getName() + ": " + e, e);
    } catch (InvocationTargetException e) {
      throw defineFailed(type, e.getCause());
    } catch (FennelException | IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw defineFailed(type, e);
    }
    if (app.unsafe().registry().names().isEmpty()) {
      throw new FennelException(
          "class " + type.getName() + " registered no tasks on the app; register some in define");
    }
  }

  private static FennelException defineFailed(Class<?> type, Throwable cause) {
    if (cause instanceof FennelException f) {
      return f;
    }
    return new FennelException(
        "defining the tasks of " + type.getName() + " failed: " + cause, cause);
  }

  /** The class named {@code name}, or an error listing the names tried. */
  static Class<?> load(String name, ClassLoader loader) {
    List<String> tried = candidates(name.trim());
    for (String candidate : tried) {
      try {
        return Class.forName(candidate, true, loader);
      } catch (ClassNotFoundException | NoClassDefFoundError e) {
        // try the next spelling
      }
    }
    throw new FennelException(
        "class "
            + name
            + " not found on the classpath (tried: "
            + String.join(", ", tried)
            + "); put its jar on the classpath with "
            + CLASSPATH_VARIABLE
            + " or java -cp");
  }

  /** The name as given, then with its last dots turned into {@code $} for nested classes. */
  private static List<String> candidates(String name) {
    Set<String> out = new LinkedHashSet<>();
    out.add(name);
    String n = name;
    int dot;
    while ((dot = n.lastIndexOf('.')) > 0) {
      n = n.substring(0, dot) + "$" + n.substring(dot + 1);
      if (Character.isUpperCase(n.charAt(n.lastIndexOf('.') + 1))) {
        out.add(n);
      } else {
        break;
      }
    }
    return new ArrayList<>(out);
  }

  /** The runnable jar's class loader, extended with {@code FENNEL_CLASSPATH} when set. */
  static ClassLoader classLoader(CliEnvironment env) {
    ClassLoader parent = AppLoader.class.getClassLoader();
    String cp = env.get(CLASSPATH_VARIABLE);
    if (cp == null || cp.isBlank()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.addAll(urls(entry.trim()));
      }
    }
    return new URLClassLoader("fennel-app", urls.toArray(URL[]::new), parent);
  }

  private static List<URL> urls(String entry) {
    boolean wildcard = entry.endsWith("/*") || entry.endsWith(File.separator + "*");
    Path path = Path.of(wildcard ? entry.substring(0, entry.length() - 2) : entry);
    if (!Files.exists(path)) {
      throw new FennelException(
          CLASSPATH_VARIABLE + " entry " + entry + " does not exist; fix the path or remove it");
    }
    try {
      if (!wildcard) {
        return List.of(path.toUri().toURL());
      }
      try (Stream<Path> files = Files.list(path)) {
        List<URL> out = new ArrayList<>();
        for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
          out.add(p.toUri().toURL());
        }
        return out;
      }
    } catch (MalformedURLException e) {
      throw new FennelException(CLASSPATH_VARIABLE + " entry " + entry + " is not a path", e);
    } catch (IOException e) {
      throw new FennelException(
          "cannot list " + CLASSPATH_VARIABLE + " entry " + entry + " (" + e.getMessage() + ")", e);
    }
  }

  private static Method staticDefine(Class<?> type) {
    try {
      Method m = type.getMethod("define", Fennel.class);
      return Modifier.isStatic(m.getModifiers()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static boolean hasTaskMethods(Class<?> type) {
    return Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(Task.class));
  }

  private static boolean hasInstanceTaskMethods(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .anyMatch(m -> m.isAnnotationPresent(Task.class) && !Modifier.isStatic(m.getModifiers()));
  }

  private static Object instantiate(Class<?> type) {
    try {
      Constructor<?> c = type.getConstructor();
      return c.newInstance();
    } catch (NoSuchMethodException e) {
      throw new FennelException(
          "class " + type.getName() + " needs a public no-argument constructor to be loaded");
    } catch (InvocationTargetException e) {
      throw defineFailed(type, e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new FennelException("cannot create " + type.getName() + ": " + e, e);
    }
  }
}
