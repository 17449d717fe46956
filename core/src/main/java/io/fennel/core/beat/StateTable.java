package io.fennel.core.beat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The store operations on plain data, shared by the memory and file stores (the Redis store does
 * the same in Lua): entry states, published definitions and a lease with an expiry. Not
 * thread-safe; its stores lock around it.
 */
final class StateTable {
  final Map<String, EntryState> states = new LinkedHashMap<>();
  final List<EntryDefinition> definitions = new ArrayList<>();
  String leaseHolder;
  Instant leaseUntil;

  Map<String, EntryState> states(Collection<String> names) {
    Map<String, EntryState> out = new LinkedHashMap<>();
    for (String n : names) {
      EntryState s = states.get(n);
      if (s != null) {
        out.put(n, s);
      }
    }
    return out;
  }

  void initialize(String entry, Instant anchor) {
    states.putIfAbsent(entry, EntryState.fresh(anchor));
  }

  boolean holdLease(String holder, Duration ttl, Instant now) {
    if (leaseHolder == null
        || leaseUntil == null
        || !leaseUntil.isAfter(now)
        || leaseHolder.equals(holder)) {
      leaseHolder = holder;
      leaseUntil = now.plus(ttl);
      return true;
    }
    return false;
  }

  void releaseLease(String holder) {
    if (holder.equals(leaseHolder)) {
      leaseHolder = null;
      leaseUntil = null;
    }
  }

  Optional<String> leaseHolder(Instant now) {
    return leaseHolder != null && leaseUntil != null && leaseUntil.isAfter(now)
        ? Optional.of(leaseHolder)
        : Optional.empty();
  }

  boolean claim(Claim c, Instant now) {
    if (!c.holder().equals(leaseHolder(now).orElse(null))) {
      return false;
    }
    EntryState s = states.get(c.entry());
    if (s == null) {
      return false;
    }
    Instant anchor = s.anchor();
    Instant runNow = s.runNowAt();
    switch (c) {
      case Claim.Scheduled sc -> {
        if (!Objects.equals(sc.expectedAnchor(), s.anchor())) {
          return false;
        }
        anchor = sc.newAnchor();
      }
      case Claim.RunNow rn -> {
        if (!Objects.equals(rn.requestedAt(), s.runNowAt())) {
          return false;
        }
        runNow = null;
      }
    }
    states.put(
        c.entry(),
        new EntryState(
            anchor, c.sentAt(), c.taskId(), s.totalRuns() + 1, s.paused(), runNow, c.taskId()));
    return true;
  }

  void confirm(String entry, String taskId) {
    EntryState s = states.get(entry);
    if (s != null && taskId.equals(s.pendingTaskId())) {
      states.put(
          entry,
          new EntryState(
              s.anchor(),
              s.lastSentAt(),
              s.lastTaskId(),
              s.totalRuns(),
              s.paused(),
              s.runNowAt(),
              null));
    }
  }

  void setPaused(String entry, boolean paused, Instant now) {
    EntryState s = states.getOrDefault(entry, EntryState.fresh(now));
    Instant anchor = !paused && s.paused() ? now : s.anchor();
    states.put(
        entry,
        new EntryState(
            anchor,
            s.lastSentAt(),
            s.lastTaskId(),
            s.totalRuns(),
            paused,
            s.runNowAt(),
            s.pendingTaskId()));
  }

  void requestRun(String entry, Instant now) {
    EntryState s = states.getOrDefault(entry, EntryState.fresh(now));
    states.put(
        entry,
        new EntryState(
            s.anchor(),
            s.lastSentAt(),
            s.lastTaskId(),
            s.totalRuns(),
            s.paused(),
            now,
            s.pendingTaskId()));
  }

  void publishDefinitions(List<EntryDefinition> defs) {
    definitions.clear();
    definitions.addAll(defs);
  }
}
