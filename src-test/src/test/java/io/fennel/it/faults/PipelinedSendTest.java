package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.Fennel;
import io.fennel.core.error.FennelException;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.it.support.RabbitQueues;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code delay()} with pipelined confirms (the default): it returns once the message is written,
 * and no message is lost silently. Everything sent is in the queue once the app has closed, and a
 * message RabbitMQ refuses fails its result with the broker's answer.
 */
class PipelinedSendTest {
  private final String queue = "it.faults.pipelined." + UUID.randomUUID();

  @AfterEach
  void deleteQueue() throws Exception {
    RabbitQueues.delete(queue);
  }

  @Test
  void everyPipelinedSendIsInTheQueueOnceTheAppHasClosed() {
    Services.requireRabbit();
    SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
    List<AsyncResult> sent = new ArrayList<>();
    try (Fennel app = Fennel.builder().brokerUrl(Services.RABBIT_URL).build()) {
      // three times the 1,000 in flight: sends past the window wait for confirms to free a slot
      for (int i = 0; i < 3_000; i++) {
        sent.add(app.task("fault.pipelined").applyAsync(List.of(i), Map.of(), o));
      }
    }
    assertThat(sent)
        .allSatisfy(r -> assertThat(r.sent()).isCompletedWithValueMatching(v -> v == null));
    try (Fennel direct = Fennel.builder().brokerUrl(Services.RABBIT_URL).build()) {
      assertThat(direct.unsafe().broker().queueStats(queue).orElseThrow().messages())
          .isEqualTo(3_000);
    }
  }

  @Test
  void aMessageTheBrokerRefusesFailsItsSentFutureAndItsResult() throws Exception {
    Services.requireRabbit();
    declareQueueHoldingOne(queue); // a full queue that refuses new messages: basic.nack
    SendOptions o = SendOptions.builder().queue(queue).build();
    try (Fennel app =
        Fennel.builder()
            .brokerUrl(Services.RABBIT_URL)
            .resultBackend("redis://127.0.0.1:6379/0")
            .build()) {
      AsyncResult first = app.task("fault.kept").applyAsync(List.of(), Map.of(), o);
      first.awaitSent(Duration.ofSeconds(10));
      AsyncResult refused = app.task("fault.refused").applyAsync(List.of(), Map.of(), o);

      assertThatThrownBy(() -> refused.sent().join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(FennelException.class)
          .hasMessageContaining("basic.nack");
      assertThatThrownBy(() -> refused.get(Duration.ofSeconds(10)))
          .isInstanceOf(FennelException.class)
          .hasMessageContaining("basic.nack");
      assertThat(app.unsafe().broker().queueStats(queue).orElseThrow().messages()).isEqualTo(1);
    }
  }

  @Test
  void withWaitTheSendItselfThrowsWhenTheBrokerRefuses() throws Exception {
    Services.requireRabbit();
    declareQueueHoldingOne(queue);
    SendOptions o = SendOptions.builder().queue(queue).ignoreResult(true).build();
    try (Fennel app =
        Fennel.builder()
            .brokerUrl(Services.RABBIT_URL)
            .set("task_publish_confirm", "wait")
            .build()) {
      AsyncResult first = app.task("fault.kept").applyAsync(List.of(), Map.of(), o);
      assertThat(first.sent()).isCompleted();

      assertThatThrownBy(() -> app.task("fault.refused").applyAsync(List.of(), Map.of(), o))
          .isInstanceOf(FennelException.class)
          .hasMessageContaining("basic.nack");
    }
  }

  private static void declareQueueHoldingOne(String queue) throws Exception {
    RabbitQueues.declare(queue, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
  }
}
