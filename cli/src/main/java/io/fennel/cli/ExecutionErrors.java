package io.fennel.cli;

import io.fennel.core.error.FennelException;
import picocli.CommandLine;

/**
 * Prints a Fennel error (which already says what and how to fix) as one line; anything else with
 * its stack trace, since that is a bug worth reporting.
 */
final class ExecutionErrors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    if (ex instanceof FennelException || ex instanceof IllegalArgumentException) {
      cl.getErr().println("fennel: " + ex.getMessage());
      return 1;
    }
    cl.getErr().println("fennel: unexpected error, please report it: " + ex);
    ex.printStackTrace(cl.getErr());
    return 70;
  }
}
