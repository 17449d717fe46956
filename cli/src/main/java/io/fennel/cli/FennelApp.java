package io.fennel.cli;

import io.fennel.core.Fennel;

/**
 * An application that {@code fennel worker --app CLASS} can load: {@link #define} registers its
 * tasks on the app the command configured (broker, backend and settings come from the command line,
 * the environment and the config file).
 *
 * <p>The class needs a public no-argument constructor. Instead of implementing this interface, a
 * class may declare {@code public static void define(Fennel app)}, or just carry {@code @Task}
 * methods; see {@link AppLoader} for the order in which these are tried.
 */
@FunctionalInterface
public interface FennelApp {
  /** Registers this application's tasks (and anything else it needs) on {@code app}. */
  void define(Fennel app);
}
