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
      WorkerCommand.class,
      BeatCommand.class,
      MultiCommand.class,
      MonitorCommand.class,
      DemoCommand.class,
      InspectCommand.class,
      ControlCommand.class,
      StatusCommand.class,
      EventsCommand.class,
      CallCommand.class,
      ResultCommand.class,
      PurgeCommand.class,
    })
public final class FennelCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CliEnvironment environment;

  FennelCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  /** The environment variables and standard input the subcommands read. */
  CliEnvironment environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with Fennel's error handling: bad input says what and how to fix. */
  public static CommandLine commandLine() {
    return commandLine(CliEnvironment.system());
  }

  /** As {@link #commandLine()}, reading {@code env} instead of this process's environment. */
  static CommandLine commandLine(CliEnvironment env) {
    CommandLine cl = new CommandLine(new FennelCommand(env));
    cl.setParameterExceptionHandler(new UsageErrors());
    cl.setExecutionExceptionHandler(new ExecutionErrors());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
