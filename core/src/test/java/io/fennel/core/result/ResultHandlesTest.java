package io.fennel.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupResult#revoke} reaches every member of nested groups, and {@link AsyncResult#collect}
 * walks a stored workflow depth first through each record's {@code children}, as Celery's do.
 */
class ResultHandlesTest {
  private static final Duration T = Duration.ofSeconds(1);

  private final MemoryBackend backend = new MemoryBackend("memory://");
  private final List<String> revoked = new ArrayList<>();
  private final AsyncResult.Revoker revoker =
      (id, terminate, signal) -> revoked.add(id + " " + terminate + " " + signal);

  private AsyncResult task(String id) {
    return new AsyncResult(id, backend, revoker);
  }

  private void done(String id, int value, String children) {
    backend.store(
        ResultRecord.of(
            TaskState.SUCCESS,
            IntNode.valueOf(value),
            null,
            children == null ? null : PythonJson.read("children", children),
            "2026-12-02T10:00:00",
            null,
            null,
            id),
        null);
  }

  @Test
  void revokingAGroupRevokesEveryMemberOfNestedGroupsInOrderWithTheFlagGiven() {
    GroupResult inner =
        new GroupResult("g2", List.of(task("c"), task("d")), backend, revoker, null);
    GroupResult outer =
        new GroupResult("g1", List.of(task("a"), inner, task("b")), backend, revoker, null);

    outer.revoke(true);
    assertThat(revoked)
        .containsExactly("a true SIGTERM", "c true SIGTERM", "d true SIGTERM", "b true SIGTERM");

    revoked.clear();
    inner.revoke(false);
    assertThat(revoked).containsExactly("c false SIGTERM", "d false SIGTERM");
  }

  @Test
  void collectYieldsTheRootThenEachChildDepthFirstWithItsValueAndAGroupChildAsOneEntry() {
    done("root", 1, "[[[\"step2\", null], null], [[\"g\", null], [[[\"m1\", null], null]]]]");
    done("step2", 2, "[[[\"step3\", null], null]]");
    done("step3", 3, null);
    done("m1", 10, null);

    List<Map.Entry<TaskResult, JsonNode>> out = task("root").collect(T);

    assertThat(out).extracting(e -> e.getKey().id()).containsExactly("root", "step2", "step3", "g");
    assertThat(out).extracting(e -> e.getValue().toString()).containsExactly("1", "2", "3", "[10]");
    assertThat(out.get(3).getKey()).isInstanceOf(GroupResult.class);
  }

  @Test
  void collectStopsAtAFailedDescendantWithItsFailure() {
    done("root", 1, "[[[\"bad\", null], null]]");
    backend.store(
        ResultRecord.of(
            TaskState.FAILURE,
            PythonJson.read(
                "result",
                "{\"exc_type\": \"ValueError\", \"exc_message\": [\"no\"], \"exc_module\":"
                    + " \"builtins\"}"),
            "Traceback ...",
            null,
            "2026-12-02T10:00:00",
            null,
            "root",
            "bad"),
        null);

    assertThatThrownBy(() -> task("root").collect(T))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.taskId()).isEqualTo("bad");
              assertThat(e.excType()).isEqualTo("ValueError");
            });
  }

  @Test
  void collectOfATaskNotReadyInTimeSaysSo() {
    assertThatThrownBy(() -> task("never").collect(Duration.ofMillis(20)))
        .isInstanceOf(TaskTimeoutException.class)
        .hasMessageContaining("never");
  }
}
