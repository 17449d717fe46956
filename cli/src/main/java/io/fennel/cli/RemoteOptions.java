package io.fennel.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options {@code inspect}, {@code control} and {@code status} share, with Celery's names: which
 * workers to ask, how long to wait for their replies, and whether to print JSON.
 */
final class RemoteOptions {
  @Option(
      names = {"-d", "--destination"},
      split = ",",
      paramLabel = "NODE",
      description = "Ask only these workers, comma-separated (e.g. w1@host,w2@host). Default: all.")
  List<String> destination = new ArrayList<>();

  @Option(
      names = {"-t", "--timeout"},
      paramLabel = "S",
      defaultValue = "1",
      description = "Seconds to wait for replies. Default: ${DEFAULT-VALUE}.")
  double timeout;

  @Option(
      names = {"-j", "--json"},
      description = "Print the replies as one JSON object {node: reply}.")
  boolean json;

  /** The destination, or null for every worker. */
  List<String> nodes() {
    return destination.isEmpty() ? null : List.copyOf(destination);
  }

  /**
   * The timeout as a duration.
   *
   * @throws CommandLine.ParameterException when it is not a positive number
   */
  Duration timeout(CommandLine cl) {
    if (!(timeout > 0) || Double.isInfinite(timeout)) {
      throw new CommandLine.ParameterException(
          cl, "-t/--timeout must be a positive number of seconds, was " + timeout);
    }
    return Duration.ofNanos((long) (timeout * 1_000_000_000L));
  }
}
