package io.fennel.monitor.state;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The keys tasks can be sorted by, with {@code -} in front for descending: {@code -received}. */
public final class TaskSort {
  private TaskSort() {}

  private static final Map<String, Comparator<TaskRecord>> KEYS =
      Map.ofEntries(
          Map.entry("sent", byTime(t -> t.sent)),
          Map.entry("received", byTime(t -> t.received)),
          Map.entry("started", byTime(t -> t.started)),
          Map.entry("succeeded", byTime(t -> t.succeeded)),
          Map.entry("failed", byTime(t -> t.failed)),
          Map.entry("retried", byTime(t -> t.retried)),
          Map.entry("revoked", byTime(t -> t.revoked)),
          Map.entry("timestamp", byTime(t -> t.timestamp)),
          Map.entry("runtime", byTime(t -> Double.isNaN(t.runtime) ? -1 : t.runtime)),
          Map.entry("retries", byTime(t -> t.retries)),
          Map.entry("name", byText(t -> t.name)),
          Map.entry("uuid", byText(t -> t.uuid)),
          Map.entry("worker", byText(t -> t.worker)),
          Map.entry("state", byText(t -> t.state == null ? null : t.state.name())));

  /** The accepted keys, for error messages. */
  public static java.util.Set<String> keys() {
    return new java.util.TreeSet<>(KEYS.keySet());
  }

  /** Whether {@code sortBy} (with an optional leading {@code -}) names a key. */
  public static boolean isValid(String sortBy) {
    return comparator(sortBy).isPresent();
  }

  static Optional<Comparator<TaskRecord>> comparator(String sortBy) {
    boolean desc = sortBy.startsWith("-");
    Comparator<TaskRecord> c = KEYS.get(sortBy.substring(desc ? 1 : 0).toLowerCase(Locale.ROOT));
    return Optional.ofNullable(c).map(x -> desc ? x.reversed() : x);
  }

  private static Comparator<TaskRecord> byTime(ToDoubleFunction<TaskRecord> f) {
    return Comparator.comparingDouble(f);
  }

  private static Comparator<TaskRecord> byText(java.util.function.Function<TaskRecord, String> f) {
    return Comparator.comparing(f, Comparator.nullsFirst(Comparator.naturalOrder()));
  }
}
