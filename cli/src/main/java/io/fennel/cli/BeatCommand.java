package io.fennel.cli;

import ch.qos.logback.classic.Logger;
import io.fennel.core.Fennel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel beat}: sends each {@code beat_schedule} entry's task when it falls due, until
 * Ctrl-C or SIGTERM. Several beats may run on one Redis store; one sends, the others wait.
 */
@Command(
    name = "beat",
    description = {
      "Run the periodic task scheduler: send each beat_schedule entry's task when it is due.",
      "With --schedule redis://..., any number of beats may run: one sends, the others wait."
    },
    mixinStandardHelpOptions = true)
final class BeatCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin BrokerOptions brokerOptions;

  @Option(
      names = {"-A", "--app"},
      paramLabel = "CLASS",
      description =
          "App class (as for worker): its tasks are checked against the entries (an unknown name is"
              + " sent anyway and logged once), and its 'public static List<BeatEntry>"
              + " beatSchedule()' adds entries. Optional.")
  String app;

  @Option(
      names = {"-s", "--schedule"},
      paramLabel = "PATH|URL",
      description = {
        "Where each entry's last run is kept: a JSON file, or redis://host:port/db[?prefix=NAME]"
            + " to share it between beats.",
        "Default: beat_schedule_filename, then celerybeat-schedule.json."
      })
  String schedule;

  @Option(
      names = "--lease",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "How long the sending beat's lease lasts without renewal; another beat takes over within"
              + " it when the sender dies. Default: ${DEFAULT-VALUE}.")
  double leaseSeconds;

  @Option(
      names = {"-l", "--loglevel"},
      paramLabel = "LEVEL",
      description = "DEBUG, INFO, WARNING, ERROR or CRITICAL. Default: $FENNEL_LOG_LEVEL or INFO.")
  String loglevel;

  /** The settings file: {@code --config}, else {@code FENNEL_CONFIG}, else none. */
  static Path settingsFile(BrokerOptions o, CliEnvironment env) {
    if (o.config != null) {
      return o.config;
    }
    String v = env.get(BrokerOptions.CONFIG_VARIABLE);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  static Duration lease(double seconds, CommandLine cl) {
    if (!(seconds >= 1) || Double.isInfinite(seconds)) {
      throw new CommandLine.ParameterException(cl, "--lease must be >= 1 second, was " + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Override
  @SuppressWarnings("try") // the signal handlers live as long as the try block
  public Integer call() throws InterruptedException {
    if (loglevel != null) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(WorkerCommand.parseLevel(loglevel));
    }
    Duration lease = lease(leaseSeconds, spec.commandLine());
    CliEnvironment env = root.environment();
    CountDownLatch stop = new CountDownLatch(1);
    try (Fennel fennel = brokerOptions.app(env)) {
      if (app != null) {
        AppLoader.define(fennel, app, env);
      }
      try (EmbeddedBeat beat =
              EmbeddedBeat.start(
                  fennel,
                  app,
                  env,
                  settingsFile(brokerOptions, env),
                  schedule,
                  lease,
                  true,
                  spec.commandLine().getOut());
          StopOnSignal signals = StopOnSignal.install(stop::countDown)) {
        spec.commandLine().getOut().println("ready; Ctrl-C to stop.");
        spec.commandLine().getOut().flush();
        stop.await();
        spec.commandLine().getOut().println("beat " + beat.beat().id() + " stopping.");
      }
    }
    return 0;
  }
}
