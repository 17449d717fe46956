package io.fennel.core.beat;

import java.time.Clock;

/** The store contract on the in-memory store. */
class MemoryScheduleStoreTest extends ScheduleStoreContract {
  @Override
  ScheduleStore open(Clock clock) {
    return new MemoryScheduleStore(clock);
  }
}
