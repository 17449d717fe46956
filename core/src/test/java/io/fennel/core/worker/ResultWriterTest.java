package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fennel.protocol.result.ResultRecord;
import io.fennel.protocol.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The result writer refuses a move the state table forbids: it logs, keeps the result, and never
 * throws.
 */
class ResultWriterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void givenASucceededRunWhenStartedIsWrittenAfterThenItIsRefusedLoggedAndNothingThrows()
      throws Exception {
    AtomicReference<TaskRequest> seen = new AtomicReference<>();
    Logger logger = (Logger) LoggerFactory.getLogger(ResultWriter.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (var h = new WorkerHarness(app -> app.register("t.ok", c -> "fine"))) {
      h.worker = h.app.worker(h.app.workerOptions("w1@%h", List.of()));
      h.worker.addListener(
          new WorkerListener() {
            @Override
            public void taskOutcome(TaskRequest request, TaskOutcome outcome) {
              if (outcome instanceof TaskOutcome.Succeeded) {
                seen.set(request);
              }
            }
          });
      h.worker.start();
      String id = h.app.task("t.ok").delay().id();
      await().atMost(WAIT).until(() -> seen.get() != null);
      TaskRequest r = seen.get();
      ResultRecord before = h.backend.get(id).orElseThrow();
      ResultWriter writer = new ResultWriter(h.backend, h.time);

      boolean stored =
          writer.store(r, TaskState.STARTED, JsonNodeFactory.instance.objectNode(), null);

      assertThat(stored).isFalse();
      assertThat(writer.move(r, TaskState.RETRY)).isFalse();
      assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(h.backend.get(id).orElseThrow()).isEqualTo(before);
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.ERROR)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(m ->
              assertThat(m)
                  .contains("refused to record STARTED", "t.ok[" + id + "]", "SUCCESS already"));
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void givenTheStateTableWhenARunMovesForwardThenEachAllowedStepIsKept() throws Exception {
    AtomicReference<TaskRequest> seen = new AtomicReference<>();
    try (var h = new WorkerHarness(app -> app.register("t.ok", c -> "fine"))) {
      h.worker = h.app.worker(h.app.workerOptions("w1@%h", List.of()));
      h.worker.addListener(
          new WorkerListener() {
            @Override
            public void taskReceived(TaskRequest request) {
              seen.set(request);
            }
          });
      h.worker.start();
      h.app.task("t.ok").delay().get(WAIT);
      TaskRequest r = seen.get();
      assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
      assertThat(new ResultWriter(null, h.time).move(r, TaskState.FAILURE))
          .as("a ready state is final")
          .isFalse();
    }
  }
}
