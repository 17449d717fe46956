package io.fennel.core.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ScheduleStore} must do, run against the memory, file and Redis stores. */
abstract class ScheduleStoreContract {
  private static final Instant T = Instant.parse("2026-12-02T10:00:00.123456789Z");
  protected ScheduleStore store;

  /** A fresh, empty store whose lease runs on the real clock. */
  abstract ScheduleStore open(Clock clock);

  @BeforeEach
  void openStore() {
    store = open(Clock.systemUTC());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void givenAnEntryFirstSeenWhenInitializedTwiceThenTheFirstAnchorStays() {
    store.initialize("e", T);
    store.initialize("e", T.plusSeconds(5));
    assertThat(store.states(List.of("e", "other")))
        .containsOnlyKeys("e")
        .containsEntry("e", EntryState.fresh(T));
  }

  @Test
  void givenALeaseWhenAnotherHolderAsksThenItWaitsUntilTheLeaseExpires() {
    assertThat(store.holdLease("a", Duration.ofMillis(600))).isTrue();
    assertThat(store.holdLease("b", Duration.ofMillis(600))).isFalse();
    assertThat(store.holdLease("a", Duration.ofMillis(600))).isTrue();
    assertThat(store.leaseHolder()).contains("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> store.holdLease("b", Duration.ofSeconds(5)));
    assertThat(store.leaseHolder()).contains("b");
    store.releaseLease("a");
    assertThat(store.leaseHolder()).contains("b");
    store.releaseLease("b");
    assertThat(store.leaseHolder()).isEmpty();
  }

  @Test
  void givenTwoClaimsOfOneRunWhenMadeThenOnlyTheFirstIsTaken() {
    store.initialize("e", T);
    store.holdLease("a", Duration.ofSeconds(5));
    Instant next = T.plusSeconds(10);
    assertThat(store.claim(new Claim.Scheduled("a", "e", "id1", next, T, next))).isTrue();
    assertThat(store.claim(new Claim.Scheduled("a", "e", "id2", next, T, next))).isFalse();
    EntryState s = store.states(List.of("e")).get("e");
    assertThat(s.anchor()).isEqualTo(next);
    assertThat(s.lastTaskId()).isEqualTo("id1");
    assertThat(s.pendingTaskId()).isEqualTo("id1");
    assertThat(s.totalRuns()).isEqualTo(1);
    store.confirm("e", "id1");
    assertThat(store.states(List.of("e")).get("e").pendingTaskId()).isNull();
  }

  @Test
  void givenAClaimByABeatWithoutTheLeaseWhenMadeThenItIsRefused() {
    store.initialize("e", T);
    store.holdLease("a", Duration.ofSeconds(5));
    assertThat(store.claim(new Claim.Scheduled("b", "e", "x", T, T, T.plusSeconds(1)))).isFalse();
    assertThat(store.states(List.of("e")).get("e").totalRuns()).isZero();
  }

  @Test
  void givenPauseRunNowAndResumeWhenAppliedThenEveryBeatSeesThem() {
    store.initialize("e", T);
    store.setPaused("e", true, T.plusSeconds(1));
    assertThat(store.states(List.of("e")).get("e").paused()).isTrue();
    store.requestRun("e", T.plusSeconds(2));
    assertThat(store.states(List.of("e")).get("e").runNowAt()).isEqualTo(T.plusSeconds(2));
    store.holdLease("a", Duration.ofSeconds(5));
    assertThat(store.claim(new Claim.RunNow("a", "e", "now1", T.plusSeconds(3), T.plusSeconds(2))))
        .isTrue();
    assertThat(store.claim(new Claim.RunNow("a", "e", "now2", T.plusSeconds(3), T.plusSeconds(2))))
        .isFalse();
    store.setPaused("e", false, T.plusSeconds(4));
    EntryState s = store.states(List.of("e")).get("e");
    assertThat(s.paused()).isFalse();
    assertThat(s.runNowAt()).isNull();
    assertThat(s.anchor()).isEqualTo(T.plusSeconds(4));
    assertThat(s.lastTaskId()).isEqualTo("now1");
  }

  @Test
  void givenDefinitionsWhenPublishedThenTheyReadBack() {
    List<EntryDefinition> defs =
        List.of(
            new EntryDefinition("a", "demo.add", "10", "Z", null),
            new EntryDefinition("b", "demo.x", "0 3 * * *", "Europe/Berlin", "q"));
    store.publishDefinitions(defs);
    assertThat(store.definitions()).isEqualTo(defs);
  }
}
