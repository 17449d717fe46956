package io.fennel.cli;

import java.io.InputStream;
import java.util.Map;

/**
 * What the commands read from outside the command line: environment variables ({@code FENNEL_*},
 * {@code FENNEL_CLASSPATH}) and standard input (the purge prompt). Tests pass their own.
 */
record CliEnvironment(Map<String, String> variables, InputStream stdin) {
  CliEnvironment {
    variables = Map.copyOf(variables);
  }

  /** This process's environment and standard input. */
  static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), System.in);
  }

  /** The variable's value, or null. */
  String get(String name) {
    return variables.get(name);
  }
}
