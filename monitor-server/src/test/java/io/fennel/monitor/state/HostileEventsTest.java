package io.fennel.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.ingest.EventReceiver;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.WorkerHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events with out-of-range values are refused one by one; their batch mates still count. */
class HostileEventsTest {
  private static final double T0 = 1_800_000_000.0;
  private final ManualScheduler scheduler = new ManualScheduler(Instant.ofEpochSecond((long) T0));

  private static EventFields at(String host, double ts) {
    return EventFields.of(host, 0, 42, 1, ts);
  }

  private static TaskReceived received(String host, double ts, String id) {
    return new TaskReceived(at(host, ts), id, "demo.add", "(1, 2)", "{}", id, null, 0, null, null);
  }

  private ClusterState state() {
    return new ClusterState(1000, LiveClock.of(scheduler));
  }

  @Test
  void givenABatchWhoseFirstEventHasANanTimestampWhenReceivedThenOnlyTheNextEventIsShown() {
    ClusterState state = state();
    EventReceiver receiver = new EventReceiver(new MemoryBroker(), state, null, scheduler.clock());
    String batch =
        new String(
                EventCodec.encodeBatch(
                    List.of(received("w1", 1_234.5, "bad"), received("w1", T0, "good"))),
                StandardCharsets.UTF_8)
            .replace("1234.5", "NaN");
    assertThat(batch).contains("NaN");

    receiver.ingest(batch.getBytes(StandardCharsets.UTF_8), true);

    assertThat(state.task("bad")).isEmpty();
    assertThat(state.task("good")).isPresent();
    assertThat(state.rejectedTotal()).isEqualTo(1);
    assertThat(state.rejectedCounts()).containsEntry("task-received", 1L);
  }

  @Test
  void givenABatchWithOneUndecodableEventWhenReceivedThenTheOthersAreStillTaken() {
    ClusterState state = state();
    EventReceiver receiver = new EventReceiver(new MemoryBroker(), state, null, scheduler.clock());
    String good = new String(EventCodec.encode(received("w1", T0, "good")), StandardCharsets.UTF_8);
    String batch = "[{\"type\": \"task-received\", \"uuid\": 7}, " + good + "]";

    receiver.ingest(batch.getBytes(StandardCharsets.UTF_8), true);

    assertThat(state.task("good")).isPresent();
    assertThat(receiver.malformedCount()).isEqualTo(1);
  }

  @Test
  void givenTimestampsOfTenToTheThirteenOrInfinityOrBefore2000WhenAppliedThenEachIsRefused() {
    ClusterState state = state();
    state.apply(received("w1", 1e13, "far-future"));
    state.apply(received("w1", Double.POSITIVE_INFINITY, "infinite"));
    state.apply(received("w1", 12.0, "ancient"));
    state.apply(received("w1", T0 + 1, "fine"));

    assertThat(state.task("far-future")).isEmpty();
    assertThat(state.task("infinite")).isEmpty();
    assertThat(state.task("ancient")).isEmpty();
    assertThat(state.task("fine")).isPresent();
    assertThat(state.rejectedTotal()).isEqualTo(3);
  }

  @Test
  void givenAnEmptyHostnameOrANanRuntimeWhenAppliedThenTheEventIsRefused() {
    ClusterState state = state();
    state.apply(received("", T0, "nohost"));
    state.apply(new TaskSucceeded(at("w1", T0), "t1", "3", Double.NaN));
    state.apply(
        new WorkerHeartbeat(at("", T0), 2.0, 0, 0, List.of(0.1), "py-celery", "5.2.6", "Linux"));

    assertThat(state.task("nohost")).isEmpty();
    assertThat(state.task("t1")).isEmpty();
    assertThat(state.workerNames()).isEmpty();
    assertThat(state.rejectedTotal()).isEqualTo(3);
  }

  @Test
  void givenAHeartbeatDatedAnHourAheadWhenItsWorkerFallsSilentThenItGoesOffline() {
    ClusterState state = state();
    state.apply(
        new WorkerHeartbeat(
            at("w1", T0 + 3_600), 2.0, 0, 0, List.of(0.1), "py-celery", "5.2.6", "Linux"));
    assertThat(state.worker("w1").orElseThrow().online()).isTrue();

    scheduler.advance(Duration.ofSeconds(5));
    state.sweep(null);

    assertThat(state.worker("w1").orElseThrow().online()).isFalse();
  }
}
