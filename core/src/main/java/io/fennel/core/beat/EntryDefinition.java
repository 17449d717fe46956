package io.fennel.core.beat;

/**
 * An entry as the leading beat publishes it in the store, for consoles that do not read the beat's
 * settings: name, task, schedule as written and its zone, target queue.
 */
public record EntryDefinition(
    String name, String task, String schedule, String zone, String queue) {

  /** The definition of {@code e}. */
  public static EntryDefinition of(BeatEntry e) {
    String zone =
        e.schedule() instanceof Crontab c ? c.zone().getId() : java.time.ZoneOffset.UTC.getId();
    return new EntryDefinition(e.name(), e.task(), e.schedule().spec(), zone, e.queue());
  }

  /** The schedule, parsed again. */
  public Schedule parsedSchedule() {
    return Schedules.parse(schedule, java.time.ZoneId.of(zone));
  }
}
