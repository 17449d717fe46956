package io.fennel.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.metrics.MonitorMetrics;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskFailed;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.event.WorkerHeartbeat;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state's memory is bounded by its limits, whatever the wire floods it with. */
class BoundedStateTest {
  private static final double T0 = 1_800_000_000.0;
  private final ManualScheduler scheduler = new ManualScheduler(Instant.ofEpochSecond((long) T0));

  private static EventFields at(String host, double ts) {
    return EventFields.of(host, 0, 42, 1, ts);
  }

  private ClusterState state(StateLimits limits) {
    return new ClusterState(limits, LiveClock.of(scheduler), FailureHandler.logging());
  }

  private static void task(ClusterState s, String id, String name, String host, String result) {
    s.apply(new TaskReceived(at(host, T0), id, name, "()", "{}", id, null, 0, null, null));
    s.apply(new TaskSucceeded(at(host, T0 + 1), id, result, 0.000_123));
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void givenAFloodOfDistinctNamesHostsAndHugeResultsWhenAppliedThenTheHeapStaysBounded() {
    ClusterState state = state(new StateLimits(1_000, 50, 100, 1_024));
    MonitorMetrics metrics = new MonitorMetrics(state, null);
    state.addListener(metrics);
    long before = usedHeapAfterGc();
    String huge = "r".repeat(256 * 1024);

    for (int i = 0; i < 4_000; i++) {
      // a fresh 256 KiB string per event, as decoding a message would make
      task(state, "t" + i, "name-" + i, "host-" + (i % 500), new String(huge.toCharArray()));
    }
    for (int i = 0; i < 500; i++) {
      state.apply(
          new WorkerHeartbeat(
              at("host-" + i, T0), 2.0, 0, 0, List.of(0.1), "py-celery", "5.2.6", "Linux"));
    }

    long grown = usedHeapAfterGc() - before;
    assertThat(state.taskCount()).isEqualTo(1_000);
    assertThat(state.workerNames()).hasSize(100);
    assertThat(state.rejectedTotal()).isEqualTo(400);
    assertThat(state.countsByName().keySet()).hasSizeLessThanOrEqualTo(51).contains("other");
    TaskView newest = state.task("t3999").orElseThrow();
    assertThat(newest.result()).hasSize(1_024);
    assertThat(newest.truncated()).containsExactly("result");
    assertThat(newest.countedAs()).isEqualTo("other");
    // kept uncut, 1,000 results of 256 KiB would hold 256 MiB
    assertThat(grown).isLessThan(64L * 1024 * 1024);
    assertThat(metrics.scrape().length()).isLessThan(4 * 1024 * 1024);
  }

  @Test
  void givenANamesLastTaskIsEvictedWhenTheStateMovesOnThenTheNameAndItsMetricsAreDropped() {
    ClusterState state = state(new StateLimits(10, 1_000, 100, 1_024));
    MonitorMetrics metrics = new MonitorMetrics(state, null);
    state.addListener(metrics);
    for (int i = 0; i < 10; i++) {
      task(state, "a" + i, "old.name", "w1", "1");
    }
    assertThat(metrics.scrape()).contains("task=\"old.name\"");

    for (int i = 0; i < 10; i++) {
      task(state, "b" + i, "new.name", "w1", "1");
    }

    assertThat(state.taskNames()).containsExactly("new.name");
    assertThat(metrics.scrape()).doesNotContain("old.name").contains("task=\"new.name\"");
    assertThat(metrics.stats().names()).containsExactly("new.name");
  }

  @Test
  void givenEveryNameOnEveryWorkerWhenAppliedThenTaskWorkerSeriesStopAtTheCap() {
    // 100 names (all kept) times 100 workers: 10,000 pairs, each of ~25 series without the cap
    ClusterState state = state(new StateLimits(20_000, 1_000, 1_000, 1_024));
    MonitorMetrics metrics = new MonitorMetrics(state, null);
    state.addListener(metrics);

    int id = 0;
    for (int name = 0; name < 100; name++) {
      for (int host = 0; host < 100; host++) {
        task(state, "t" + id++, "name-" + name, "host-" + host, "1");
      }
    }

    assertThat(metrics.taskWorkerPairs()).isEqualTo(MonitorMetrics.MAX_TASK_WORKER_PAIRS);
    String scrape = metrics.scrape();
    long eventSeries = scrape.lines().filter(l -> l.startsWith("flower_events_total{")).count();
    // kept pairs (two event types each) plus one "other" series per name and type at most
    assertThat(eventSeries).isLessThanOrEqualTo(2L * MonitorMetrics.MAX_TASK_WORKER_PAIRS + 200);
    assertThat(scrape).contains("worker=\"" + MonitorMetrics.OTHER_WORKER + "\"");
    double counted =
        scrape
            .lines()
            .filter(l -> l.startsWith("flower_events_total{") && l.contains("task-succeeded"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
    assertThat(counted).as("every event still counted, some under worker other").isEqualTo(id);
  }

  @Test
  void givenAnOfflineWorkerWhenAnHourPassesThenItIsForgotten() {
    ClusterState state = state(StateLimits.of(100));
    state.apply(
        new WorkerHeartbeat(at("w1", T0), 2.0, 0, 0, List.of(0.1), "py-celery", "5.2.6", "Linux"));
    scheduler.advance(Duration.ofSeconds(10));
    state.sweep(Duration.ofHours(1));
    assertThat(state.workerNames()).containsExactly("w1");

    scheduler.advance(Duration.ofMinutes(61));
    state.sweep(Duration.ofHours(1));

    assertThat(state.workerNames()).isEmpty();
  }

  @Test
  void givenAFailureWithAHugeTracebackWhenShownThenItIsCutAndMarked() {
    ClusterState state = state(new StateLimits(10, 10, 10, 64));
    state.apply(new TaskFailed(at("w1", T0), "t1", "ValueError('x')", "é".repeat(100)));
    TaskView t = state.task("t1").orElseThrow();
    assertThat(t.traceback().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(64);
    assertThat(t.truncated()).containsExactly("traceback");
    assertThat(t.timeline().getFirst().fields().get("traceback")).isEqualTo(t.traceback());
  }
}
