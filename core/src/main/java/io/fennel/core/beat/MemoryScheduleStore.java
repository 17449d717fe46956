package io.fennel.core.beat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store in this JVM's memory: for tests and for several beats in one process; state is lost at
 * exit. The lease expires on {@code clock}.
 */
public final class MemoryScheduleStore implements ScheduleStore {
  private final StateTable table = new StateTable();
  private final Clock clock;

  public MemoryScheduleStore(Clock clock) {
    this.clock = clock;
  }

  /** A store whose lease expires on {@code clock} (tests pass a manual scheduler's). */
  public static MemoryScheduleStore on(java.util.function.Supplier<Clock> clock) {
    return new MemoryScheduleStore(
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return clock.get().instant();
          }
        });
  }

  @Override
  public String describe() {
    return "memory";
  }

  @Override
  public synchronized Map<String, EntryState> states(Collection<String> names) {
    return table.states(names);
  }

  @Override
  public synchronized void initialize(String entry, Instant anchor) {
    table.initialize(entry, anchor);
  }

  @Override
  public synchronized boolean holdLease(String holder, Duration ttl) {
    return table.holdLease(holder, ttl, clock.instant());
  }

  @Override
  public synchronized void releaseLease(String holder) {
    table.releaseLease(holder);
  }

  @Override
  public synchronized Optional<String> leaseHolder() {
    return table.leaseHolder(clock.instant());
  }

  @Override
  public synchronized boolean claim(Claim claim) {
    return table.claim(claim, clock.instant());
  }

  @Override
  public synchronized void confirm(String entry, String taskId) {
    table.confirm(entry, taskId);
  }

  @Override
  public synchronized void setPaused(String entry, boolean paused, Instant now) {
    table.setPaused(entry, paused, now);
  }

  @Override
  public synchronized void requestRun(String entry, Instant now) {
    table.requestRun(entry, now);
  }

  @Override
  public synchronized void publishDefinitions(List<EntryDefinition> definitions) {
    table.publishDefinitions(definitions);
  }

  @Override
  public synchronized List<EntryDefinition> definitions() {
    return List.copyOf(table.definitions);
  }

  @Override
  public void close() {}
}
