package io.fennel.core.beat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry as a console shows it, read from a store: the leader's definition, its run state, the
 * next run and how late the entry is ({@code lag}: zero unless a run is overdue).
 */
public record EntryStatus(
    EntryDefinition definition, String words, EntryState state, Instant nextRun, Duration lag) {

  /** Every entry the store's leader published, as of {@code now}. */
  public static List<EntryStatus> read(ScheduleStore store, Instant now) {
    List<EntryDefinition> defs = store.definitions();
    Map<String, EntryState> states =
        store.states(defs.stream().map(EntryDefinition::name).toList());
    List<EntryStatus> out = new ArrayList<>();
    for (EntryDefinition d : defs) {
      Schedule s;
      try {
        s = d.parsedSchedule();
      } catch (RuntimeException e) {
        out.add(
            new EntryStatus(d, "unreadable schedule " + d.schedule(), null, null, Duration.ZERO));
        continue;
      }
      EntryState st = states.get(d.name());
      Instant next = null;
      if (st != null && !st.paused()) {
        next = s.nextAfter(st.anchor()).orElse(null);
      }
      Duration lag =
          next != null && next.isBefore(now) ? Duration.between(next, now) : Duration.ZERO;
      out.add(new EntryStatus(d, s.describe(), st, next, lag));
    }
    return out;
  }
}
