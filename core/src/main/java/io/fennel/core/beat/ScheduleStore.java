package io.fennel.core.beat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where beats keep each entry's run state, pause flags and run-now requests, and where they elect
 * the one beat that sends (a lease). Every method is safe to call from several beats (and consoles)
 * at once; implementations: {@link FileScheduleStore}, {@link RedisScheduleStore}, {@link
 * MemoryScheduleStore}.
 */
public interface ScheduleStore extends AutoCloseable {
  /** Where the store is, for logs ("redis://localhost:6379/0 (prefix fennel.beat)"). */
  String describe();

  /** The state of each named entry the store knows (entries never seen are absent). */
  Map<String, EntryState> states(Collection<String> names);

  /** Records an entry first seen, anchored at {@code anchor}; does nothing if it is known. */
  void initialize(String entry, Instant anchor);

  /**
   * Takes or renews the lease for {@code holder} for {@code ttl}; true while {@code holder} leads.
   */
  boolean holdLease(String holder, Duration ttl);

  /** Gives the lease up if {@code holder} holds it. */
  void releaseLease(String holder);

  /** Who holds the lease now, if anyone. */
  Optional<String> leaseHolder();

  /**
   * Records a claimed run as sent-pending, atomically with the checks of {@link Claim}.
   *
   * @return true when the claim was taken; false when the lease or the entry moved on
   */
  boolean claim(Claim claim);

  /** Marks the pending run {@code taskId} of {@code entry} as sent. */
  void confirm(String entry, String taskId);

  /** Pauses or resumes an entry; a resumed entry counts its next run from {@code now}. */
  void setPaused(String entry, boolean paused, Instant now);

  /** Asks the leading beat to send {@code entry} once more, now. */
  void requestRun(String entry, Instant now);

  /** Publishes the leader's entries, for consoles. */
  void publishDefinitions(List<EntryDefinition> definitions);

  /** The entries the leader last published. */
  List<EntryDefinition> definitions();

  @Override
  void close();

  /**
   * Opens a store: {@code redis://host:port/db[?prefix=NAME]} for Redis, otherwise a file path
   * ({@code celerybeat-schedule.json} by default); {@code clock} times the file store's lease.
   */
  static ScheduleStore open(String spec, Clock clock) {
    if (spec != null && (spec.startsWith("redis://") || spec.startsWith("rediss://"))) {
      return RedisScheduleStore.open(spec);
    }
    String path = spec == null || spec.isBlank() ? "celerybeat-schedule.json" : spec;
    return new FileScheduleStore(java.nio.file.Path.of(path), clock);
  }
}
