package io.fennel.core.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.Fennel;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.testing.RequiresRabbitMq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The producer on a real RabbitMQ: concurrent first sends and batches lose no message. */
@ExtendWith(RequiresRabbitMq.class)
class TaskProducerRabbitTest {
  private final String queue = "fennel.test.producer." + UUID.randomUUID();
  private final Fennel app = Fennel.builder().brokerUrl(RequiresRabbitMq.URL).build();
  private final SendOptions toQueue = SendOptions.builder().queue(queue).ignoreResult(true).build();

  @AfterEach
  void cleanUp() {
    app.unsafe().broker().purge(queue);
    app.close();
  }

  private long depth() {
    return app.unsafe().broker().queueStats(queue).orElseThrow().messages();
  }

  @Test
  void givenEightThreadsSendingFirstToANewQueue_whenAllReturn_thenNoMessageWasUnroutable()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        sent.add(
            pool.submit(() -> {
              go.await();
              for (int i = 0; i < 20; i++) {
                app.task("t.noop")
                    .applyAsync(List.of(), Map.of(), toQueue)
                    .awaitSent(Duration.ofSeconds(10));
              }
              return null;
            }));
      }
      go.countDown();
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(depth()).isEqualTo(160);
  }

  @Test
  void givenABatchOfCalls_whenSentAll_thenEachIsQueuedOnceWithItsOwnId() {
    List<TaskCall> calls = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      calls.add(TaskCall.of("t.add", List.of(i, 1), Map.of(), toQueue));
    }
    List<String> sentIds = new ArrayList<>();
    app.unsafe().producer().addListener((m, q, e, rk) -> sentIds.add(m.headers().id()));

    List<AsyncResult> results = app.sendAll(calls);

    assertThat(results).hasSize(1_500);
    assertThat(results.stream().map(AsyncResult::id).distinct()).hasSize(1_500);
    assertThat(sentIds).containsExactlyElementsOf(results.stream().map(AsyncResult::id).toList());
    assertThat(depth()).isEqualTo(1_500);
  }

  @Test
  void givenOneThreadSendingAsync_whenEveryFutureCompletes_thenEveryTaskIsQueued() {
    List<java.util.concurrent.CompletableFuture<AsyncResult>> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sent.add(app.sendTaskAsync("t.add", List.of(i, 1), Map.of(), toQueue));
    }

    List<String> ids = sent.stream().map(f -> f.join().id()).distinct().toList();

    assertThat(ids).hasSize(1_000);
    assertThat(depth()).isEqualTo(1_000);
  }
}
