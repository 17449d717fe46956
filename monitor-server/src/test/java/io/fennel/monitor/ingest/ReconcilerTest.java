package io.fennel.monitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.runtime.FailureHandler;
import io.fennel.monitor.state.ClusterState;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tasks the console last saw unfinished are settled from their stored results, but only once quiet
 * for a while, and a result that is not final changes nothing.
 */
class ReconcilerTest {
  private static final double T0 = 1_795_000_000.0;

  private static String received(String id) {
    return "[{\"type\": \"task-received\", \"uuid\": \""
        + id
        + "\", \"name\": \"demo.add\", \"args\": \"(2, 3)\", \"kwargs\": \"{}\", \"retries\": 0,"
        + " \"eta\": null, \"expires\": null, \"parent_id\": null, \"root_id\": \""
        + id
        + "\", \"hostname\": \"w1@vm\", \"utcoffset\": 0, \"pid\": 1, \"clock\": 1,"
        + " \"timestamp\": "
        + T0
        + "}]";
  }

  private static ResultRecord record(String id, String json) {
    return ResultRecord.fromJson(json.replace("ID", id));
  }

  @Test
  void aQuietUnfinishedTaskTakesTheStateOfItsStoredResult() {
    Clock at = Clock.fixed(Instant.ofEpochMilli((long) ((T0 + 60) * 1000)), ZoneOffset.UTC);
    ClusterState state = new ClusterState(1000, at);
    for (String id : new String[] {"done", "failed", "running", "recent"}) {
      state.applyAll(EventCodec.decode(received(id).getBytes(StandardCharsets.UTF_8)));
    }
    Map<String, ResultRecord> stored =
        Map.of(
            "done",
            record(
                "done",
                "{\"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null,"
                    + " \"children\": [], \"date_done\": null, \"task_id\": \"ID\"}"),
            "failed",
            record(
                "failed",
                "{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"ValueError\","
                    + " \"exc_message\": [\"boom\"], \"exc_module\": \"builtins\"}, \"traceback\":"
                    + " \"Traceback\", \"children\": [], \"date_done\": null, \"task_id\": \"ID\"}"),
            "running",
            record(
                "running",
                "{\"status\": \"STARTED\", \"result\": {\"pid\": 1}, \"traceback\":"
                    + " null, \"children\": [], \"date_done\": null, \"task_id\": \"ID\"}"));
    Reconciler r =
        new Reconciler(
            state, id -> Optional.ofNullable(stored.get(id)), at, FailureHandler.logging());

    assertThat(r.reconcile()).isEqualTo(2);

    assertThat(state.task("done").orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
    assertThat(state.task("done").orElseThrow().result()).isEqualTo("5");
    assertThat(state.task("failed").orElseThrow().state()).isEqualTo(TaskState.FAILURE);
    assertThat(state.task("failed").orElseThrow().exception()).isEqualTo("ValueError('boom')");
    assertThat(state.task("running").orElseThrow().state()).isEqualTo(TaskState.RECEIVED);
  }

  @Test
  void aTaskWithARecentEventIsLeftToItsEvents() {
    Clock soon = Clock.fixed(Instant.ofEpochMilli((long) ((T0 + 5) * 1000)), ZoneOffset.UTC);
    ClusterState state = new ClusterState(1000, soon);
    state.applyAll(EventCodec.decode(received("recent").getBytes(StandardCharsets.UTF_8)));
    ResultRecord ok =
        record(
            "recent",
            "{\"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null,"
                + " \"children\": [], \"date_done\": null, \"task_id\": \"ID\"}");
    Reconciler r = new Reconciler(state, id -> Optional.of(ok), soon, FailureHandler.logging());
    assertThat(r.reconcile()).isZero();
    assertThat(state.task("recent").orElseThrow().state()).isEqualTo(TaskState.RECEIVED);
  }
}
