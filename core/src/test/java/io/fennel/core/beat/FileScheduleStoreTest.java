package io.fennel.core.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the JSON file store, plus what survives reopening the file. */
class FileScheduleStoreTest extends ScheduleStoreContract {
  @TempDir Path dir;

  @Override
  ScheduleStore open(Clock clock) {
    return new FileScheduleStore(dir.resolve("nested/schedule.json"), clock);
  }

  @Test
  void givenStateWhenTheFileIsOpenedAgainThenItIsAllThere() {
    Instant t = Instant.parse("2026-12-02T10:00:00.5Z");
    store.initialize("e", t);
    store.setPaused("e", true, t);
    try (ScheduleStore again = open(Clock.systemUTC())) {
      assertThat(again.states(List.of("e")).get("e"))
          .isEqualTo(new EntryState(t, null, null, 0, true, null, null));
    }
  }
}
