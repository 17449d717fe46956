package io.fennel.core.beat;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic task scheduler: sends each entry's task when it falls due, through a {@link
 * BeatSender}, keeping run state in a {@link ScheduleStore}. Any number of beats may share one
 * store: the one holding the store's lease sends, the others wait and take over within the lease's
 * time when it dies.
 *
 * <p>Each run is claimed in the store before it is sent and confirmed after: a claim succeeds only
 * for the lease holder and only if no other beat claimed the run first, so a run is sent once. A
 * beat killed between claim and send leaves the claim pending; the next leader sends it again with
 * the same task id. A run found late (the beat was down) is sent once, and the next one is counted
 * from then. All timing comes from the injected {@link Scheduler}.
 */
public final class Beat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Beat.class);

  private final Map<String, BeatEntry> entries = new LinkedHashMap<>();
  private final ScheduleStore store;
  private final BeatSender sender;
  private final Scheduler scheduler;
  private final BeatOptions options;
  private final FailureHandler failures;
  private final ExecutorService thread;
  private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();
  private volatile boolean leading;
  private volatile boolean closed;
  private volatile String lastHolderSeen = "";
  private Scheduler.Cancellable wake;

  private Beat(
      List<BeatEntry> entries,
      ScheduleStore store,
      BeatSender sender,
      Scheduler scheduler,
      BeatOptions options,
      FailureHandler failures) {
    for (BeatEntry e : entries) {
      if (this.entries.putIfAbsent(e.name(), e) != null) {
        throw new BeatConfigException("two beat entries are named '" + e.name() + "'");
      }
    }
    this.store = store;
    this.sender = sender;
    this.scheduler = scheduler;
    this.options = options;
    this.failures = failures;
    this.thread =
        options.ownThread()
            ? Executors.newSingleThreadExecutor(FennelThreads.platform("beat", options.id()))
            : null;
  }

  /**
   * Starts a beat: the first tick runs at once, on the beat's thread (or the scheduler's).
   *
   * @throws BeatConfigException when two entries share a name
   */
  public static Beat start(
      List<BeatEntry> entries,
      ScheduleStore store,
      BeatSender sender,
      Scheduler scheduler,
      BeatOptions options) {
    Beat b = new Beat(entries, store, sender, scheduler, options, FailureHandler.logging());
    log.info(
        "beat {} starting with {} entries, state in {}",
        options.id(),
        b.entries.size(),
        store.describe());
    b.later(Duration.ZERO);
    return b;
  }

  /** A beat id unique to this process: {@code beat@HOST:PID:RANDOM}. */
  public static String newId(String hostname) {
    return "beat@"
        + hostname
        + ":"
        + ProcessHandle.current().pid()
        + ":"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** This beat's id. */
  public String id() {
    return options.id();
  }

  /** Whether this beat holds the lease (sends). */
  public boolean leading() {
    return leading;
  }

  /** The entries, by name. */
  public Map<String, BeatEntry> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  private synchronized void later(Duration delay) {
    if (closed) {
      return;
    }
    wake =
        scheduler.schedule(
            () -> {
              if (thread != null) {
                try {
                  thread.execute(this::tick);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                  // closed meanwhile
                }
              } else {
                tick();
              }
            },
            delay);
  }

  /** One look at the store: renew or take the lease, send what is due, sleep until the next. */
  void tick() {
    if (closed) {
      return;
    }
    Duration sleep = options.pollInterval();
    try {
      boolean lead = store.holdLease(options.id(), options.leaseTtl());
      if (lead && !leading) {
        log.info("beat {} holds the lease on {}; it sends from now on", id(), store.describe());
        store.publishDefinitions(entries.values().stream().map(EntryDefinition::of).toList());
      }
      leading = lead;
      if (lead) {
        Instant next = runDue();
        if (next != null) {
          Duration until = Duration.between(scheduler.clock().instant(), next);
          if (until.compareTo(sleep) < 0) {
            sleep = until.isNegative() ? Duration.ZERO : until;
          }
        }
      } else {
        String holder = store.leaseHolder().orElse("nobody");
        if (!holder.equals(lastHolderSeen)) {
          log.info(
              "beat {} waits: {} holds the lease on {}; this beat takes over if it stops",
              id(),
              holder,
              store.describe());
          lastHolderSeen = holder;
        }
      }
    } catch (RuntimeException e) {
      failures.handle("beat.tick", "beat " + id() + " looking at " + store.describe(), e);
    }
    later(sleep);
  }

  /** Sends what is due now; returns the earliest next run, or null. */
  private Instant runDue() {
    Instant now = scheduler.clock().instant();
    Map<String, EntryState> states = store.states(entries.keySet());
    Instant earliest = null;
    for (BeatEntry e : entries.values()) {
      EntryState s = states.get(e.name());
      if (s == null) {
        store.initialize(e.name(), e.schedule().anchor(now));
        s = store.states(List.of(e.name())).get(e.name());
        if (s == null) {
          continue;
        }
      }
      Instant next = runEntry(e, s, now);
      if (next != null && (earliest == null || next.isBefore(earliest))) {
        earliest = next;
      }
    }
    return earliest;
  }

  private Instant runEntry(BeatEntry e, EntryState s, Instant now) {
    if (s.pendingTaskId() != null) {
      log.warn(
          "beat {}: run {} of {} was claimed but not confirmed sent (its beat stopped); sending it"
              + " again with the same task id",
          id(),
          s.pendingTaskId(),
          e.name());
      send(e, s.pendingTaskId());
    }
    if (s.runNowAt() != null) {
      String taskId = UUID.randomUUID().toString();
      if (store.claim(new Claim.RunNow(id(), e.name(), taskId, now, s.runNowAt()))) {
        log.info("beat {}: sending {} ({}) now, as asked, as {}", id(), e.name(), e.task(), taskId);
        send(e, taskId);
      }
    }
    if (s.paused()) {
      return null;
    }
    Instant anchor = s.anchor();
    Optional<Instant> due = e.schedule().nextAfter(anchor);
    if (due.isPresent() && !due.get().isAfter(now)) {
      Instant d = due.get();
      Instant newAnchor = e.schedule().nextAfter(d).map(n -> n.isAfter(now) ? d : now).orElse(d);
      String taskId = UUID.randomUUID().toString();
      if (store.claim(new Claim.Scheduled(id(), e.name(), taskId, now, anchor, newAnchor))) {
        log.info(
            "beat {}: sending due task {} ({}) as {}{}",
            id(),
            e.name(),
            e.task(),
            taskId,
            newAnchor.equals(d)
                ? ""
                : "; it was due at " + d + ", runs missed meanwhile are skipped");
        send(e, taskId);
        anchor = newAnchor;
      } else {
        return null; // another beat moved it; read again on the next tick
      }
    }
    return e.schedule().nextAfter(anchor).orElse(null);
  }

  private void send(BeatEntry e, String taskId) {
    if (!options.knownTasks().isEmpty()
        && !options.knownTasks().contains(e.task())
        && warnedUnknown.add(e.task())) {
      log.warn(
          "beat entry {} sends task {}, which this app does not define; sending it anyway (a"
              + " worker elsewhere may)",
          e.name(),
          e.task());
    }
    try {
      sender.send(e.task(), new ArrayList<>(e.args()), e.kwargs(), e.sendOptions(taskId));
      store.confirm(e.name(), taskId);
    } catch (RuntimeException ex) {
      failures.handle(
          "beat.send",
          "sending " + e.task() + " for beat entry " + e.name() + " (kept pending, retried)",
          ex);
    }
  }

  /** Stops ticking without giving the lease up, as a killed process would (for tests). */
  void halt() {
    synchronized (this) {
      closed = true;
      if (wake != null) {
        wake.cancel();
      }
    }
    if (thread != null) {
      thread.shutdownNow();
    }
  }

  /** Stops ticking and gives the lease up, so another beat takes over at once. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (wake != null) {
        wake.cancel();
      }
    }
    if (thread != null) {
      thread.shutdown();
      try {
        thread.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (leading) {
        store.releaseLease(id());
        log.info("beat {} stopped and gave up the lease", id());
      }
    } catch (RuntimeException e) {
      failures.handle("beat.close", "releasing the beat lease", e);
    }
    leading = false;
  }
}
