package io.fennel.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Subcommands whose engine has not landed yet: each says so plainly and exits 3, so scripts can
 * tell "not available" from a failure.
 */
abstract class NotYetCommand implements Callable<Integer> {
  @Parameters(hidden = true, arity = "0..*")
  List<String> ignored;

  @Override
  public Integer call() {
    Command c = getClass().getAnnotation(Command.class);
    System.err.println(
        "fennel "
            + c.name()
            + ": not available yet in this build of Fennel; see the README's roadmap.");
    return 3;
  }

  @Command(name = "beat", description = "Run the periodic task scheduler.")
  static final class Beat extends NotYetCommand {}

  @Command(name = "multi", description = "Start and stop several workers.")
  static final class Multi extends NotYetCommand {}
}
