package io.fennel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fennel} command: the entry point of the runnable jar and the list of subcommands. */
@Command(
    name = "fennel",
    mixinStandardHelpOptions = true,
    versionProvider = FennelVersion.class,
    description = {
      "Fennel: a distributed task queue for the JVM that speaks Celery's wire protocol,",
      "with a live operations console."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      NotYetCommand.Worker.class,
      NotYetCommand.Beat.class,
      NotYetCommand.Multi.class,
      NotYetCommand.Monitor.class,
      NotYetCommand.Demo.class,
      NotYetCommand.Inspect.class,
      NotYetCommand.Control.class,
      NotYetCommand.Status.class,
      NotYetCommand.Events.class,
      NotYetCommand.Call.class,
      NotYetCommand.Result.class,
      NotYetCommand.Purge.class,
    })
public final class FennelCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with Fennel's error handling: bad input says what and how to fix. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new FennelCommand());
    cl.setParameterExceptionHandler(new UsageErrors());
    cl.setExecutionExceptionHandler(new ExecutionErrors());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
