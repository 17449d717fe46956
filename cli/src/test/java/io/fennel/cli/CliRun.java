package io.fennel.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code fennel ARGS} in-process with a given environment and stdin, capturing its output. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final CommandLine commandLine;

  CliRun(Map<String, String> env, String stdin) {
    commandLine =
        FennelCommand.commandLine(
            new CliEnvironment(
                env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
  }

  CliRun() {
    this(Map.of(), "");
  }

  int execute(String... args) {
    return commandLine.execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
