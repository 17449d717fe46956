package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.beat.Beat;
import io.fennel.core.beat.BeatConfigException;
import io.fennel.core.beat.BeatEntry;
import io.fennel.core.beat.BeatOptions;
import io.fennel.core.beat.BeatSender;
import io.fennel.core.beat.BeatSettings;
import io.fennel.core.beat.ScheduleStore;
import io.fennel.core.error.FennelException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Starts a beat for {@code fennel beat} and {@code fennel worker -B}: entries from the settings
 * file ({@code beat_schedule.NAME.*}) plus those of the app class's {@code public static
 * List<BeatEntry> beatSchedule()}, state in {@code --schedule} (or {@code beat_schedule_filename},
 * or {@code celerybeat-schedule.json}).
 */
final class EmbeddedBeat implements AutoCloseable {
  static final String DEFAULT_STORE = "celerybeat-schedule.json";

  private final Beat beat;
  private final ScheduleStore store;

  private EmbeddedBeat(Beat beat, ScheduleStore store) {
    this.beat = beat;
    this.store = store;
  }

  /**
   * Reads the entries and starts the beat on {@code fennel}'s scheduler.
   *
   * @param appClass the {@code -A} class (already defined on {@code fennel}), or null
   * @throws BeatConfigException naming the entry, value and rule of a bad entry
   */
  static EmbeddedBeat start(
      Fennel fennel,
      String appClass,
      CliEnvironment env,
      Path settingsFile,
      String schedule,
      Duration lease,
      boolean requireEntries,
      PrintWriter out) {
    BeatSettings settings = BeatSettings.read(settingsFile, env.variables());
    List<BeatEntry> entries = new ArrayList<>(settings.entries());
    Set<String> known = Set.of();
    if (appClass != null) {
      entries.addAll(javaEntries(appClass, env));
      known = Set.copyOf(fennel.unsafe().registry().names());
    }
    if (entries.isEmpty() && requireEntries) {
      throw new BeatConfigException(
          "no beat entries: add beat_schedule.NAME.task and beat_schedule.NAME.schedule to the"
              + " settings file ("
              + (settingsFile == null ? "pass --config FILE" : settingsFile)
              + ") or a 'public static List<BeatEntry> beatSchedule()' to the -A class");
    }
    String where =
        schedule != null ? schedule : settings.store() != null ? settings.store() : DEFAULT_STORE;
    ScheduleStore store = ScheduleStore.open(where, fennel.scheduler().clock());
    BeatOptions options = BeatOptions.named(Beat.newId(fennel.hostname())).withKnownTasks(known);
    if (lease != null) {
      Duration poll = lease.dividedBy(4);
      options =
          options
              .withLeaseTtl(lease)
              .withPollInterval(
                  poll.compareTo(Duration.ofSeconds(1)) < 0 ? poll : Duration.ofSeconds(1));
    }
    Beat beat = Beat.start(entries, store, BeatSender.of(fennel), fennel.scheduler(), options);
    out.println("fennel " + FennelVersion.version() + " beat " + beat.id());
    out.println("  state:   " + store.describe());
    out.println("  zone:    " + settings.zone().getId());
    out.println("  entries:");
    for (BeatEntry e : entries) {
      out.println("    . " + e.name() + ": " + e.task() + " " + e.schedule().describe());
    }
    out.flush();
    return new EmbeddedBeat(beat, store);
  }

  @SuppressWarnings("unchecked")
  private static List<BeatEntry> javaEntries(String appClass, CliEnvironment env) {
    Class<?> type = AppLoader.load(appClass, AppLoader.classLoader(env));
    Method m;
    try {
      m = type.getMethod("beatSchedule");
    } catch (NoSuchMethodException e) {
      return List.of();
    }
    if (!Modifier.isStatic(m.getModifiers()) || !List.class.isAssignableFrom(m.getReturnType())) {
      throw new FennelException(
          type.getName()
              + ".beatSchedule() must be 'public static List<BeatEntry> beatSchedule()'");
    }
    try {
      return (List<BeatEntry>) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new FennelException(
          type.getName() + ".beatSchedule() failed: " + cause.getMessage(), cause);
    }
  }

  /** The beat. */
  Beat beat() {
    return beat;
  }

  @Override
  public void close() {
    beat.close();
    store.close();
  }
}
