package io.fennel.core.canvas;

import static io.fennel.core.canvas.Canvas.chain;
import static io.fennel.core.canvas.Canvas.chord;
import static io.fennel.core.canvas.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.TaskRef;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.GroupResult;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.result.TaskResult;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Chains, groups and chords sent from Java and run by a Fennel worker on the in-memory broker. */
class WorkflowTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aChainFeedsEachResultToTheNextStepAndReturnsTheLast() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      TaskRef mul = h.app.task("demo.mul");
      AsyncResult r = chain(add.s(1, 2), add.s(3), mul.s(10)).applyAsync();
      assertThat(r.get(WAIT).asInt()).isEqualTo(60);
      AsyncResult second = (AsyncResult) r.parent().orElseThrow();
      AsyncResult first = (AsyncResult) second.parent().orElseThrow();
      assertThat(first.get(WAIT).asInt()).isEqualTo(3);
      assertThat(second.get(WAIT).asInt()).isEqualTo(6);
      assertThat(first.children()).extracting(TaskResult::id).containsExactly(second.id());
      assertThat(r.record().orElseThrow().parentId()).isEqualTo(second.id());
    }
  }

  @Test
  void aChainOfTenRunsAllTenStepsInOrder() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      List<io.fennel.protocol.task.AsSignature> steps = new ArrayList<>();
      steps.add(add.s(0, 1));
      IntStream.range(1, 10).forEach(i -> steps.add(add.s(1)));
      AsyncResult r = new Chain(steps).applyAsync();
      assertThat(r.get(WAIT).asInt()).isEqualTo(10);
    }
  }

  @Test
  void anImmutableStepIgnoresThePreviousResult() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      AsyncResult r = chain(add.s(1, 2), add.si(10, 10), add.s(1)).applyAsync();
      assertThat(r.get(WAIT).asInt()).isEqualTo(21);
    }
  }

  @Test
  void aGroupRunsItsMembersAndReturnsTheirResultsInOrder() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      GroupResult g = group(add.s(1, 1), add.s(2, 2), add.s(3, 3)).applyAsync();
      assertThat(g.get(WAIT).toString()).isEqualTo("[2,4,6]");
      assertThat(g.completedCount()).isEqualTo(3);
      assertThat(g.ready()).isTrue();
      for (TaskResult m : g.results()) {
        assertThat(((AsyncResult) m).record().orElseThrow().groupId()).isEqualTo(g.id());
      }
    }
  }

  @Test
  void aSavedGroupIsRestoredWithItsMembers() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      GroupResult g = group(add.s(1, 1), add.s(2, 2)).applyAsync();
      g.get(WAIT);
      g.save();
      GroupResult back = add.s().restoreGroup(g.id()).orElseThrow();
      assertThat(back.results())
          .extracting(TaskResult::id)
          .containsExactlyElementsOf(g.results().stream().map(TaskResult::id).toList());
      assertThat(back.get(WAIT).toString()).isEqualTo("[2,4]");
    }
  }

  @Test
  void aChordRunsItsBodyOnceWithTheHeadersResults() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      AsyncResult r =
          chord(List.of(add.s(1, 1), add.s(2, 2), add.s(3, 3)), h.app.task("demo.tsum").s())
              .applyAsync();
      assertThat(r.get(WAIT).asInt()).isEqualTo(12);
      assertThat(r.parent().orElseThrow()).isInstanceOf(GroupResult.class);
      assertThat(((GroupResult) r.parent().orElseThrow()).get(WAIT).toString())
          .isEqualTo("[2,4,6]");
      long bodies =
          ((MemoryBackend) h.backend)
              .all().stream().filter(rec -> rec.taskId().equals(r.id())).count();
      assertThat(bodies).isEqualTo(1);
    }
  }

  @Test
  void aChordInsideAChainGetsThePreviousResultAndFeedsTheNextStep() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      AsyncResult r =
          chain(
                  add.s(1, 2),
                  chord(List.of(add.s(1), add.s(2)), h.app.task("demo.tsum").s()),
                  add.s(100))
              .applyAsync();
      assertThat(r.get(WAIT).asInt()).isEqualTo(109);
    }
  }

  @Test
  void aGroupFollowedByAStepBecomesAChord() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      AsyncResult r =
          chain(group(add.s(1, 1), add.s(2, 2)), h.app.task("demo.tsum").s()).applyAsync();
      assertThat(r.get(WAIT).asInt()).isEqualTo(6);
    }
  }

  @Test
  void aFailingStepStopsTheChainFailsItsLastStepAndCallsTheErrbackWithItsId() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      TaskSignature failing = h.app.task("demo.fail").si().linkError(h.app.task("demo.echo").s());
      AsyncResult r = chain(add.s(1, 2), failing, add.s(1)).applyAsync();
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class, e -> assertThat(e.excMessage()).isEqualTo("boom"));
      String failedId = r.parent().orElseThrow().id();
      assertThat(new AsyncResult(failedId, h.backend, null).state()).isEqualTo(TaskState.FAILURE);
      await()
          .atMost(WAIT)
          .until(() ->
              ((MemoryBackend) h.backend)
                  .all().stream()
                      .anyMatch(rec ->
                          failedId.equals(rec.parentId())
                              && "SUCCESS".equals(rec.status())
                              && failedId.equals(rec.result().asText())));
      JsonNode exc = r.get(WAIT, false);
      assertThat(exc.get("exc_type").asText()).isEqualTo("IllegalStateException");
    }
  }

  @Test
  void aChordWithAFailedMemberFailsItsBodyWithAChordErrorNamingTheMember() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      AsyncResult r =
          chord(List.of(add.s(1, 1), h.app.task("demo.fail").s()), h.app.task("demo.tsum").s())
              .applyAsync();
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("ChordError");
                assertThat(e.excMessage())
                    .startsWith("Dependency ")
                    .contains("raised IllegalStateException('boom')");
              });
    }
  }

  @Test
  void aChordIsRefusedAtSendTimeWhenTheBackendCannotJoinIt() throws Exception {
    var noJoin = new NoJoinBackend(new MemoryBackend("rpc://"));
    try (var h = new CanvasHarness(noJoin)) {
      TaskRef add = h.app.task("demo.add");
      assertThatThrownBy(
              () -> chord(List.of(add.s(1, 1)), h.app.task("demo.tsum").s()).applyAsync())
          .isInstanceOf(CanvasException.class)
          .hasMessageContaining("rpc://")
          .hasMessageContaining("cannot join a chord");
    }
  }

  @Test
  void mapStarmapAndChunksBuildCeleryBuiltinTasks() {
    TaskSignature add =
        new TaskSignature(io.fennel.protocol.task.Signature.of("demo.add", null), null);
    assertThat(add.starmap(List.of(List.of(1, 2))).signature().task()).isEqualTo("celery.starmap");
    assertThat(add.map(List.of(1)).signature().subtaskType()).isEqualTo("xmap");
    Group chunks = add.chunks(List.of(List.of(1, 2), List.of(3, 4), List.of(5, 6)), 2);
    assertThat(chunks.members()).hasSize(2);
    assertThat(chunks.members().get(1).signature().kwargs().get("it").toString())
        .isEqualTo("[[5,6]]");
  }

  @Test
  void mapStarmapAndChunksRunOnAFennelWorkerThroughCeleryBuiltins() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskSignature add = h.app.task("demo.add").s();
      assertThat(
              add.starmap(List.of(List.of(1, 2), List.of(3, 4))).applyAsync().get(WAIT).toString())
          .isEqualTo("[3,7]");
      assertThat(
              h.app
                  .task("demo.tsum")
                  .s()
                  .map(List.of(List.of(1, 2), List.of(3)))
                  .applyAsync()
                  .get(WAIT)
                  .toString())
          .isEqualTo("[3,3]");
      GroupResult chunks =
          add.chunks(List.of(List.of(1, 1), List.of(2, 2), List.of(3, 3)), 2).applyAsync();
      assertThat(chunks.get(WAIT).toString()).isEqualTo("[[2,4],[6]]");
    }
  }

  @Test
  void aRevokedHeaderMemberFailsTheChordBodyWithAReason() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      String doomed = java.util.UUID.randomUUID().toString();
      h.worker.control().revoke(List.of(doomed), false, "SIGTERM");
      AsyncResult r =
          chord(
                  List.of(add.s(1, 1), add.s(2, 2).set("task_id", doomed)),
                  h.app.task("demo.tsum").s())
              .applyAsync();
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> {
                assertThat(e.excType()).isEqualTo("ChordError");
                assertThat(e.excMessage()).contains(doomed).contains("TaskRevokedError('revoked')");
              });
    }
  }

  @Test
  void aHeaderTaskOnAWorkerWhoseBackendCannotJoinFailsTheBodyVisibly() throws Exception {
    var joining = new MemoryBackend("memory://");
    try (var h = new CanvasHarness(new NoJoinBackend(joining))) {
      var sender =
          io.fennel.core.Fennel.builder().broker(h.broker).backend(joining).hostname("s").build();
      AsyncResult r =
          chord(List.of(sender.task("demo.add").s(1, 1)), sender.task("demo.tsum").s())
              .applyAsync();
      assertThatThrownBy(() -> r.get(WAIT))
          .isInstanceOfSatisfying(
              TaskFailedException.class,
              e -> assertThat(e.excMessage()).contains("cannot join chord"));
      sender.close();
    }
  }

  @Test
  void aChordWhoseHeaderNestsAGroupGivesTheBodyNestedResults() throws Exception {
    try (var h = new CanvasHarness()) {
      TaskRef add = h.app.task("demo.add");
      AsyncResult r =
          chord(List.of(group(add.s(1, 1), add.s(2, 2)), add.s(3, 3)), h.app.task("demo.echo").s())
              .applyAsync();
      assertThat(r.get(WAIT).toString()).isEqualTo("[[2,4],6]");
    }
  }
}
