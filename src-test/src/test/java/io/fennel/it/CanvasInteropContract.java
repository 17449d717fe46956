package io.fennel.it;

import static io.fennel.core.canvas.Canvas.chain;
import static io.fennel.core.canvas.Canvas.chord;
import static io.fennel.core.canvas.Canvas.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.TaskRef;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.GroupResult;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.result.TaskResult;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.AsSignature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Celery's canvas across a mixed fleet on one broker and one Redis result backend: workflows sent
 * by Python Celery 5.2.6 run on Fennel workers alone, chords and chains split between a Python and
 * a Fennel worker both ways (the chord joined in Redis as Celery joins it), and the same workflows
 * sent from Java run on Python workers; a group saved on either side is restored on the other.
 * {@link CanvasInteropTest} runs it on RabbitMQ, {@link RedisCanvasInteropTest} with Redis as the
 * broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CanvasInteropContract {
  static final Duration WAIT = Duration.ofSeconds(60);

  abstract String broker();

  abstract String backend();

  abstract void requireServices();

  final String fennelQueue = "it.canvas.jvm." + UUID.randomUUID();
  final String pythonQueue = "it.canvas.py." + UUID.randomUUID();
  Fennel app;
  Worker worker;
  Proc celery;

  @BeforeAll
  void startBothWorkers() {
    requireServices();
    Services.requireCelery();
    app = Fennel.builder().brokerUrl(broker()).resultBackend(backend()).build();
    new DemoApp().define(app);
    worker = app.worker(app.workerOptions("canvas-jvm@%h", List.of(fennelQueue)));
    worker.start();
    celery =
        Python.worker(broker(), backend(), pythonQueue, "canvas-py-" + UUID.randomUUID() + "@%h");
  }

  @AfterAll
  void stopBothWorkers() throws Exception {
    if (celery != null) {
      celery.close();
    }
    if (worker != null) {
      worker.shutdown();
      worker.awaitStopped(Duration.ofSeconds(30));
      app.unsafe().broker().purge(fennelQueue);
      app.unsafe().broker().purge(pythonQueue);
      app.close();
    }
  }

  private JsonNode python(String workflow, String queueA, String queueB) throws Exception {
    try (Proc py = Python.script(broker(), backend(), "canvas_send.py", workflow, queueA, queueB)) {
      assertThat(py.waitFor(WAIT.plusSeconds(10)))
          .as(py.output() + "\n--- celery worker:\n" + celery.output())
          .isZero();
      return CeleryInteropContract.lastJsonLine(py);
    }
  }

  @ParameterizedTest(name = "{0} gives {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "chain; 60",
        "chain10; 10",
        "group; [2,4,6]",
        "chord; 12",
        "chord_in_chain; 109",
        "immutable; 21",
        "group_of_chains; [6,10]",
        "chain_of_groups; [7,8]",
        "starmap; [3,7]",
        "map; [3,7]",
        "chunks; [[3,7],[11]]"
      })
  void aWorkflowSentByPythonRunsOnFennelWorkersAloneWithCelerysResult(
      String workflow, String expected) throws Exception {
    JsonNode out = python(workflow, fennelQueue, fennelQueue);
    assertThat(out.get("state").asText()).as(out.toString()).isEqualTo("SUCCESS");
    assertThat(out.get("result").toString()).isEqualTo(expected);
  }

  @Test
  void aPythonLinkErrorIsCalledByAFennelWorkerWithTheFailedTasksId() throws Exception {
    JsonNode out = python("link_error", fennelQueue, fennelQueue);
    assertThat(out.get("state").asText()).as(out.toString()).isEqualTo("FAILURE");
    assertThat(out.get("exc_message").asText()).contains("boom from a chain");
    assertThat(out.get("errback_result").asText()).isEqualTo(out.get("id").asText());
  }

  @Test
  void aPythonChainWhoseMiddleStepFailsCallsItsLinkErrorOnAFennelWorkerAndStops() throws Exception {
    JsonNode out = python("chain_link_error", fennelQueue, fennelQueue);
    assertThat(out.get("state").asText()).as(out.toString()).isEqualTo("FAILURE");
    assertThat(out.get("exc_message").asText()).contains("boom in a chain");
    assertThat(out.get("errback_result").asText()).isEqualTo(out.get("failed_id").asText());
    assertThat(app.asyncResult(out.get("failed_id").asText()).status()).isEqualTo("FAILURE");
    // the step after it never runs; as Celery 5.2's worker does, it is stored failed with the cause
    AsyncResult last = app.asyncResult(out.get("id").asText());
    assertThat(last.status()).isEqualTo("FAILURE");
    assertThatThrownBy(() -> last.get(WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> assertThat(e.excMessage()).isEqualTo("boom in a chain"));
  }

  @Test
  void aGroupSavedByPythonIsRestoredByJava() throws Exception {
    JsonNode out = python("group_save", fennelQueue, fennelQueue);
    assertThat(out.get("result").toString()).as(out.toString()).isEqualTo("[2,4,6]");
    GroupResult back = py("demo.add").s().restoreGroup(out.get("id").asText()).orElseThrow();
    assertThat(back.results()).hasSize(3);
    assertThat(back.get(WAIT).toString()).isEqualTo("[2,4,6]");
    assertThat(back.completedCount()).isEqualTo(3);
  }

  @Test
  void aGroupSavedByJavaIsRestoredByPython() throws Exception {
    GroupResult g =
        group(
                py("demo.add").s(1, 1).queue(fennelQueue),
                py("demo.add").s(2, 2).queue(pythonQueue),
                py("demo.add").s(3, 3).queue(fennelQueue))
            .applyAsync()
            .save();
    JsonNode out = python("restore", g.id(), "");
    assertThat(out.get("state").asText()).as(out.toString()).isEqualTo("SUCCESS");
    assertThat(out.get("id").asText()).isEqualTo(g.id());
    assertThat(out.get("result").toString()).isEqualTo("[2,4,6]");
    List<String> members = new ArrayList<>();
    out.get("members").forEach(m -> members.add(m.asText()));
    assertThat(members)
        .containsExactlyElementsOf(g.results().stream().map(TaskResult::id).toList());
  }

  @Test
  void aChordWithItsHeaderOnPythonAndItsBodyOnFennelRunsTheBodyOnce() throws Exception {
    JsonNode out = python("chord", pythonQueue, fennelQueue);
    assertThat(out.get("result").asInt()).as(out.toString()).isEqualTo(12);
  }

  @Test
  void aChordWithItsHeaderOnFennelAndItsBodyOnPythonRunsTheBodyOnce() throws Exception {
    JsonNode out = python("chord", fennelQueue, pythonQueue);
    assertThat(out.get("result").asInt()).as(out.toString()).isEqualTo(12);
  }

  @Test
  void aChainAlternatingFennelAndPythonQueuesRunsEveryStep() throws Exception {
    assertThat(python("chain10", fennelQueue, pythonQueue).get("result").asInt()).isEqualTo(10);
    assertThat(python("chain", pythonQueue, fennelQueue).get("result").asInt()).isEqualTo(60);
  }

  @Test
  void aChordInAChainSplitAcrossBothFleetsFeedsTheNextStep() throws Exception {
    assertThat(python("chord_in_chain", pythonQueue, fennelQueue).get("result").asInt())
        .isEqualTo(109);
  }

  private TaskRef py(String name) {
    return app.task(name);
  }

  @Test
  void aChainSentFromJavaRunsOnAPythonWorker() {
    AsyncResult r =
        chain(
                py("demo.add").s(1, 2).queue(pythonQueue),
                py("demo.add").s(3).queue(pythonQueue),
                py("demo.mul").s(10).queue(pythonQueue))
            .applyAsync();
    assertThat(r.get(WAIT).asInt()).as(celery.output()).isEqualTo(60);
  }

  @Test
  void aChainOfTenSentFromJavaRunsOnAPythonWorker() {
    List<AsSignature> steps = new ArrayList<>();
    steps.add(py("demo.add").s(0, 1).queue(pythonQueue));
    for (int i = 0; i < 9; i++) {
      steps.add(py("demo.add").s(1).queue(pythonQueue));
    }
    AsyncResult r = chain(steps.toArray(AsSignature[]::new)).applyAsync();
    assertThat(r.get(WAIT).asInt()).as(celery.output()).isEqualTo(10);
    int depth = 0;
    for (TaskResult p = r; p != null; p = p.parent().orElse(null)) {
      depth++;
    }
    assertThat(depth).isEqualTo(10);
  }

  @Test
  void aGroupAndAChordSentFromJavaRunOnAPythonWorker() {
    var g =
        group(py("demo.add").s(1, 1).queue(pythonQueue), py("demo.add").s(2, 2).queue(pythonQueue))
            .applyAsync();
    assertThat(g.get(WAIT).toString()).as(celery.output()).isEqualTo("[2,4]");
    AsyncResult c =
        chord(
                List.of(
                    py("demo.add").s(1, 1).queue(pythonQueue),
                    py("demo.add").s(2, 2).queue(pythonQueue),
                    py("demo.add").s(3, 3).queue(pythonQueue)),
                py("demo.tsum").s().queue(pythonQueue))
            .applyAsync();
    assertThat(c.get(WAIT).asInt()).as(celery.output()).isEqualTo(12);
  }

  @Test
  void aChordInAChainAndImmutableStepsSentFromJavaRunOnAPythonWorker() {
    AsyncResult r =
        chain(
                py("demo.add").s(1, 2).queue(pythonQueue),
                chord(
                    List.of(
                        py("demo.add").s(1).queue(pythonQueue),
                        py("demo.add").s(2).queue(pythonQueue)),
                    py("demo.tsum").s().queue(pythonQueue)),
                py("demo.add").s(100).queue(pythonQueue),
                py("demo.add").si(10, 10).queue(pythonQueue))
            .applyAsync();
    assertThat(r.get(WAIT).asInt()).as(celery.output()).isEqualTo(20);
    assertThat(((AsyncResult) r.parent().orElseThrow()).get(WAIT).asInt()).isEqualTo(109);
  }

  @Test
  void aLinkErrorSentFromJavaIsCalledByAPythonWorker() {
    String errbackId = UUID.randomUUID().toString();
    AsyncResult r =
        py("demo.fail")
            .s("boom from java")
            .queue(pythonQueue)
            .linkError(py("demo.echo").s().queue(pythonQueue).set("task_id", errbackId))
            .applyAsync();
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class);
    JsonNode echoed = app.asyncResult(errbackId).get(WAIT);
    assertThat(echoed.asText()).as(PythonJson.write(echoed)).isEqualTo(r.id());
  }

  @Test
  void aChordSentFromJavaWithItsHeaderOnFennelAndBodyOnPythonRunsOnce() {
    AsyncResult c =
        chord(
                List.of(
                    py("demo.add").s(1, 1).queue(fennelQueue),
                    py("demo.add").s(2, 2).queue(pythonQueue)),
                py("demo.tsum").s().queue(pythonQueue))
            .applyAsync();
    assertThat(c.get(WAIT).asInt()).as(celery.output()).isEqualTo(6);
  }

  @Test
  void aStarmapAndChunksSentFromJavaRunOnAPythonWorker() {
    var add = py("demo.add").s();
    assertThat(
            add.starmap(List.of(List.of(1, 2), List.of(3, 4)))
                .queue(pythonQueue)
                .applyAsync()
                .get(WAIT)
                .toString())
        .isEqualTo("[3,7]");
    var chunks =
        group(
                add
                    .chunks(List.of(List.of(1, 2), List.of(3, 4), List.of(5, 6)), 2)
                    .members()
                    .stream()
                    .map(m -> ((io.fennel.core.canvas.TaskSignature) m).queue(pythonQueue))
                    .toList())
            .applyAsync();
    assertThat(chunks.get(WAIT).toString()).as(celery.output()).isEqualTo("[[3,7],[11]]");
  }
}
