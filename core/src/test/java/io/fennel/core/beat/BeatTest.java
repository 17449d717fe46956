package io.fennel.core.beat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fennel.core.time.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The beat engine on a manual clock: sends, restarts, missed runs, pause, run-now, leases, unknown
 * task names.
 */
@SuppressWarnings("try") // beats are closed by try-with-resources, not read
class BeatTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private final ManualScheduler clock = new ManualScheduler(T0);
  private final RecordingSender sender = new RecordingSender();

  private static BeatEntry every10s() {
    return BeatEntry.named("tick")
        .task("demo.add")
        .every(Duration.ofSeconds(10))
        .args(2, 3)
        .build();
  }

  private Beat beat(String id, ScheduleStore store, BeatEntry... entries) {
    return Beat.start(
        List.of(entries),
        store,
        sender,
        clock,
        BeatOptions.named(id).withPollInterval(Duration.ofSeconds(1)).onSchedulerThread());
  }

  @Test
  void givenAnIntervalEntryWhenTimePassesThenItIsSentOncePerPeriodWithItsArgs() {
    try (Beat b = beat("b1", MemoryScheduleStore.on(clock::clock), every10s())) {
      clock.runDue();
      assertThat(sender.sent).isEmpty();
      clock.advance(Duration.ofSeconds(35));
      assertThat(sender.sent).hasSize(3);
      assertThat(sender.sent.get(0).task()).isEqualTo("demo.add");
      assertThat(sender.sent.get(0).args()).containsExactly(2, 3);
      assertThat(b.leading()).isTrue();
    }
  }

  @Test
  void givenAFileStoreWhenTheBeatRestartsInTheSamePeriodThenNothingIsSentTwice(@TempDir Path dir) {
    Path file = dir.resolve("schedule.json");
    try (Beat b = beat("b1", FileStores.of(file, clock), every10s())) {
      clock.advance(Duration.ofSeconds(25));
    }
    assertThat(sender.sent).hasSize(2); // at 10 s and 20 s
    ManualScheduler later = new ManualScheduler(T0.plusSeconds(25));
    try (Beat b =
        Beat.start(
            List.of(every10s()),
            FileStores.of(file, later),
            sender,
            later,
            BeatOptions.named("b2").onSchedulerThread())) {
      later.runDue();
      assertThat(sender.sent).hasSize(2);
      later.advance(Duration.ofSeconds(5));
      assertThat(sender.sent).hasSize(3); // at 30 s, on the old period
    }
  }

  @Test
  void givenABeatDownForSeveralPeriodsWhenItComesBackThenTheMissedRunIsSentOnce(@TempDir Path dir) {
    Path file = dir.resolve("schedule.json");
    try (Beat b = beat("b1", FileStores.of(file, clock), every10s())) {
      clock.advance(Duration.ofSeconds(15));
    }
    assertThat(sender.sent).hasSize(1);
    ManualScheduler later = new ManualScheduler(T0.plusSeconds(75));
    try (Beat b =
        Beat.start(
            List.of(every10s()),
            FileStores.of(file, later),
            sender,
            later,
            BeatOptions.named("b2").onSchedulerThread())) {
      later.runDue();
      assertThat(sender.sent).hasSize(2);
      later.advance(Duration.ofSeconds(9));
      assertThat(sender.sent).hasSize(2);
      later.advance(Duration.ofSeconds(1));
      assertThat(sender.sent).hasSize(3); // 10 s after the late run
    }
  }

  @Test
  void givenACrontabWhenTheBeatRestartsWithinTheMinuteThenTheRunIsNotRepeated(@TempDir Path dir) {
    Path file = dir.resolve("s.json");
    BeatEntry daily =
        BeatEntry.named("daily")
            .task("demo.report")
            .crontab("0 11 * * *", ZoneId.of("UTC"))
            .build();
    try (Beat b =
        Beat.start(
            List.of(daily),
            FileStores.of(file, clock),
            sender,
            clock,
            BeatOptions.named("b1")
                .withLeaseTtl(Duration.ofHours(3))
                .withPollInterval(Duration.ofHours(1))
                .onSchedulerThread())) {
      clock.advance(Duration.ofMinutes(60).plusSeconds(20));
    }
    assertThat(sender.sent).hasSize(1);
    ManualScheduler later = new ManualScheduler(T0.plusSeconds(3600 + 40));
    try (Beat b =
        Beat.start(
            List.of(daily),
            FileStores.of(file, later),
            sender,
            later,
            BeatOptions.named("b2")
                .withLeaseTtl(Duration.ofHours(3))
                .withPollInterval(Duration.ofHours(1))
                .onSchedulerThread())) {
      later.advance(Duration.ofHours(23));
      assertThat(sender.sent).hasSize(1);
      later.advance(Duration.ofHours(1));
      assertThat(sender.sent).hasSize(2);
    }
  }

  @Test
  void givenAPausedEntryWhenItIsResumedThenRunsCountFromTheResume() {
    ScheduleStore store = MemoryScheduleStore.on(clock::clock);
    try (Beat b = beat("b1", store, every10s())) {
      clock.advance(Duration.ofSeconds(10));
      assertThat(sender.sent).hasSize(1);
      store.setPaused("tick", true, clock.clock().instant());
      clock.advance(Duration.ofSeconds(60));
      assertThat(sender.sent).hasSize(1);
      store.setPaused("tick", false, clock.clock().instant());
      clock.advance(Duration.ofSeconds(9));
      assertThat(sender.sent).hasSize(1);
      clock.advance(Duration.ofSeconds(2));
      assertThat(sender.sent).hasSize(2);
    }
  }

  @Test
  void givenARunNowRequestWhenTheLeaderLooksThenItSendsOnceAndKeepsThePeriod() {
    ScheduleStore store = MemoryScheduleStore.on(clock::clock);
    try (Beat b = beat("b1", store, every10s())) {
      clock.advance(Duration.ofSeconds(3));
      store.requestRun("tick", clock.clock().instant());
      clock.advance(Duration.ofSeconds(1));
      assertThat(sender.sent).hasSize(1);
      clock.advance(Duration.ofSeconds(6)); // 10 s: the scheduled run
      assertThat(sender.sent).hasSize(2);
      EntryState s = store.states(List.of("tick")).get("tick");
      assertThat(s.totalRuns()).isEqualTo(2);
      assertThat(s.runNowAt()).isNull();
      assertThat(s.lastTaskId()).isEqualTo(sender.ids().get(1));
    }
  }

  @Test
  void givenASendThatFailsWhenTheBrokerComesBackThenTheRunIsSentWithTheSameId() {
    ScheduleStore store = MemoryScheduleStore.on(clock::clock);
    sender.failNext = 1;
    try (Beat b = beat("b1", store, every10s())) {
      clock.advance(Duration.ofSeconds(10));
      assertThat(sender.sent).isEmpty();
      String pending = store.states(List.of("tick")).get("tick").pendingTaskId();
      assertThat(pending).isNotNull();
      clock.advance(Duration.ofSeconds(1));
      assertThat(sender.ids()).containsExactly(pending);
      assertThat(store.states(List.of("tick")).get("tick").pendingTaskId()).isNull();
    }
  }

  @Test
  void givenTwoBeatsOnOneStoreWhenTheLeaderDiesThenTheOtherTakesOverWithoutDoubleOrMiss() {
    ScheduleStore store = MemoryScheduleStore.on(clock::clock);
    Beat a = beat("a", store, every10s());
    clock.runDue();
    Beat b = beat("b", store, every10s());
    try {
      clock.advance(Duration.ofSeconds(30));
      assertThat(sender.sent).hasSize(3);
      assertThat(a.leading()).isTrue();
      assertThat(b.leading()).isFalse();
      a.halt(); // killed: the lease is not given up
      clock.advance(Duration.ofSeconds(30)); // 60 s: the lease (10 s) ran out at ~40 s
      assertThat(b.leading()).isTrue();
      assertThat(sender.sent).hasSize(6); // 40, 50, 60: the run at 40 s is late, not lost
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void givenAOneOffWhenItsTimeComesThenItIsSentExactlyOnce() {
    BeatEntry once = BeatEntry.named("once").task("demo.add").at(T0.plusSeconds(5)).build();
    try (Beat b = beat("b1", MemoryScheduleStore.on(clock::clock), once)) {
      clock.advance(Duration.ofMinutes(10));
      assertThat(sender.sent).hasSize(1);
    }
  }

  @Test
  void givenEntryOptionsWhenSentThenQueuePriorityAndExpiresAreOnTheMessage() {
    BeatEntry e =
        BeatEntry.named("opt")
            .task("demo.add")
            .every(Duration.ofSeconds(1))
            .queue("beat.q")
            .priority(7)
            .expires(Duration.ofSeconds(30))
            .build();
    try (Beat b = beat("b1", MemoryScheduleStore.on(clock::clock), e)) {
      clock.advance(Duration.ofSeconds(1));
      var o = sender.sent.get(0).options();
      assertThat(o.queue()).isEqualTo("beat.q");
      assertThat(o.priority()).isEqualTo(7);
      assertThat(o.expiresIn()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void givenAnEntryForATaskTheAppDoesNotDefineThenEveryRunIsSentAndItIsLoggedOnce() {
    Logger logger = (Logger) LoggerFactory.getLogger(Beat.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    BeatEntry unknown =
        BeatEntry.named("nightly").task("reports.missing").every(Duration.ofSeconds(10)).build();
    try (Beat b =
        Beat.start(
            List.of(every10s(), unknown),
            MemoryScheduleStore.on(clock::clock),
            sender,
            clock,
            BeatOptions.named("b1")
                .withKnownTasks(Set.of("demo.add"))
                .withPollInterval(Duration.ofSeconds(1))
                .onSchedulerThread())) {
      clock.advance(Duration.ofSeconds(35));
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(sender.sent).filteredOn(s -> s.task().equals("reports.missing")).hasSize(3);
    assertThat(sender.sent).filteredOn(s -> s.task().equals("demo.add")).hasSize(3);
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "beat entry nightly sends task reports.missing, which this app does not define;"
                + " sending it anyway (a worker elsewhere may)");
  }
}
