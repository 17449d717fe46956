package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.ManualScheduler;
import io.fennel.protocol.clock.LamportClock;
import io.fennel.protocol.result.ResultRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --statedb}: revoked ids and the clock survive a restart, bounded by count and age. */
class StateDbTest {
  @TempDir Path dir;

  @Test
  void givenARevokeBeforeARestartWhenTheTaskArrivesAfterItThenItIsDiscardedAsRevoked()
      throws Exception {
    Path file = dir.resolve("worker.state");
    AtomicInteger runs = new AtomicInteger();
    try (var h = new WorkerHarness(app -> app.register("t.later", c -> runs.incrementAndGet()))) {
      h.worker = h.app.worker(h.app.workerOptions("w1@%h", List.of()).withStateDb(file));
      h.worker.control().keepClockInStateDb(new LamportClock(41));
      h.worker.start();
      h.worker.control().revoke(List.of("doomed"), false, null);
      h.time.advance(StateDb.BATCH);
      var saved = io.fennel.protocol.PythonJson.read("state", Files.readAllBytes(file));
      assertThat(saved.path("revoked").has("doomed")).isTrue();
      assertThat(saved.path("clock").asLong()).isEqualTo(41);
      h.worker.shutdown();
      assertThat(h.worker.awaitStopped(Duration.ofSeconds(10))).isTrue();
    }
    try (var h = new WorkerHarness(app -> app.register("t.later", c -> runs.incrementAndGet()))) {
      h.worker = h.app.worker(h.app.workerOptions("w1@%h", List.of()).withStateDb(file));
      LamportClock clock = new LamportClock();
      h.worker.control().keepClockInStateDb(clock);
      h.worker.start();
      assertThat(clock.value()).isGreaterThanOrEqualTo(41);
      assertThat(h.worker.control().revokedIds()).contains("doomed");
      AsyncResult r =
          h.app
              .task("t.later")
              .applyAsync(
                  List.of(),
                  Map.of(),
                  SendOptions.builder().taskId("doomed").countdown(Duration.ofSeconds(30)).build());
      await()
          .until(
              () -> h.backend.get(r.id()).map(ResultRecord::status).orElse(""),
              s -> s.equals("REVOKED"));
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void givenIdsOlderThanThreeHoursInTheFileWhenItLoadsThenTheyAreDropped() throws Exception {
    Path file = dir.resolve("old.state");
    ManualScheduler t = new ManualScheduler(Instant.parse("2026-11-24T07:00:00Z"));
    long now = t.clock().millis();
    Files.writeString(
        file,
        "{\"version\":1,\"clock\":5,\"revoked\":{\"old\":"
            + (now - Duration.ofHours(4).toMillis())
            + ",\"recent\":"
            + (now - Duration.ofHours(1).toMillis())
            + "}}");
    Revocations rev = new Revocations(t);
    new StateDb(file, rev, t, FailureHandler.logging()).load();
    assertThat(rev.ids()).containsExactly("recent");
    t.advance(Duration.ofHours(2).plusMinutes(1));
    assertThat(rev.contains("recent")).isFalse();
  }

  @Test
  void givenAFileThatIsNotAStateFileThenLoadingNamesItAndTheFix() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "[1,2]");
    Revocations rev = new Revocations(new ManualScheduler(Instant.EPOCH));
    assertThatThrownBy(() ->
            new StateDb(file, rev, new ManualScheduler(Instant.EPOCH), FailureHandler.logging())
                .load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a Fennel state file");
  }
}
