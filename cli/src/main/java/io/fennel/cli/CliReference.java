package io.fennel.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * Writes the command-line reference (docs/CLI.md) from picocli's own help, so the document and the
 * program cannot disagree: {@code java -cp cli/target/fennel.jar io.fennel.cli.CliReference >
 * docs/CLI.md}.
 */
public final class CliReference {
  private CliReference() {}

  /** The whole reference as Markdown. */
  public static String markdown() {
    CommandLine root = FennelCommand.commandLine();
    root.setUsageHelpWidth(100);
    StringBuilder md = new StringBuilder();
    md.append("# Fennel command-line reference\n\n");
    md.append(
        "Generated from the program's own help by `io.fennel.cli.CliReference`; a test keeps it"
            + " current.\n");
    md.append("Run `./fennel COMMAND --help` for the same text.\n\n");
    md.append("```text\n").append(root.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      CommandLine sub = e.getValue();
      sub.setUsageHelpWidth(100);
      md.append("\n## fennel ").append(e.getKey()).append("\n\n");
      md.append("```text\n").append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
    }
    return md.toString();
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(markdown());
  }
}
