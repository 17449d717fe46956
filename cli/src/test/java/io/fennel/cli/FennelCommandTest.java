package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The top-level {@code fennel} command: help, version, and errors for unknown flags and commands.
 */
class FennelCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = FennelCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsEverySubcommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "worker", "beat", "multi", "monitor", "demo", "inspect", "control", "status", "events",
            "call", "result", "purge");
  }

  @Test
  void versionNamesFennelAndTheJavaRuntime() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("fennel ").contains("Java " + Runtime.version().feature());
  }

  @Test
  void anUnknownFlagIsNamedWithAPointerToHelp() {
    assertThat(run("--colour")).isEqualTo(2);
    assertThat(err.toString()).contains("--colour").contains("fennel --help");
  }

  @Test
  void anUnknownSubcommandSuggestsTheClosestOne() {
    assertThat(run("wroker")).isEqualTo(2);
    assertThat(err.toString()).contains("wroker").contains("worker");
  }
}
