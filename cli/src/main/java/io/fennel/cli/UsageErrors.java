package io.fennel.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Turns a bad flag or value into one line saying what was wrong, then how to get help. */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("fennel: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
    return 2;
  }
}
