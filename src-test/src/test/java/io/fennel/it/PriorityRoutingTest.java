package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Message priorities as each broker serves them, so users know what to expect.
 *
 * <ul>
 *   <li><b>RabbitMQ</b> (a queue declared with {@code x-max-priority}, app setting {@code
 *       task_queue_max_priority=10}): a <em>higher</em> number is served first; a priority-9 task
 *       queued behind 1,000 priority-0 tasks runs first.
 *   <li><b>Redis</b> (kombu's layout): a <em>lower</em> number is served first, and priorities are
 *       rounded <em>down</em> to the steps 0, 3, 6, 9 (each step is its own list, FIFO within it):
 *       a priority-0 task queued behind 1,000 priority-9 tasks runs first, a priority-9 task behind
 *       1,000 priority-0 tasks runs last, and 0/1/2, 3/4/5, 6/7/8 are each one FIFO class. {@code
 *       task_queue_max_priority} does not matter on Redis.
 * </ul>
 *
 * Each worker has concurrency 1 and prefetch 1 and starts only after everything was queued; the
 * task records the order in which task ids start.
 */
class PriorityRoutingTest {
  static final String REDIS_BROKER = "redis://127.0.0.1:6379/10";
  static final String TASK = "it.priority.record";

  /** An app whose one task appends its own id to {@code started}. */
  private static Fennel app(String broker, List<String> started) {
    Fennel app = Fennel.builder().brokerUrl(broker).set("task_queue_max_priority", "10").build();
    app.register(
        TASK,
        call -> {
          started.add(call.context().id());
          return null;
        });
    return app;
  }

  /** What this test sent, to wait for RabbitMQ's confirms before counting the queue. */
  private final List<io.fennel.core.result.AsyncResult> sent = new ArrayList<>();

  private void confirmAll() {
    sent.forEach(r -> r.awaitSent(Duration.ofSeconds(10)));
  }

  private String send(Fennel app, String queue, int priority) {
    String id = UUID.randomUUID().toString();
    sent.add(
        app.sendTask(
            TASK,
            List.of(),
            Map.of(),
            SendOptions.builder()
                .taskId(id)
                .queue(queue)
                .priority(priority)
                .ignoreResult(true)
                .build()));
    return id;
  }

  /** Starts a worker with concurrency 1 and prefetch 1 and waits for {@code count} tasks. */
  private static void runUntil(Fennel app, String queue, List<String> started, int count)
      throws InterruptedException {
    Worker w =
        app.worker(
            new WorkerOptions(
                "prio-" + UUID.randomUUID() + "@it",
                List.of(queue),
                PoolType.THREADS,
                1,
                1,
                false));
    w.start();
    try {
      await().atMost(Duration.ofMinutes(2)).until(() -> started.size() >= count);
    } finally {
      w.shutdown();
      w.awaitStopped(Duration.ofSeconds(30));
      app.unsafe().broker().purge(queue);
    }
  }

  @Test
  void onRabbitMqAPriority9TaskQueuedBehind1000Priority0TasksRunsFirst() throws Exception {
    Services.requireRabbit();
    String queue = "it.priority.amqp." + UUID.randomUUID();
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    try (Fennel app = app(Services.RABBIT_URL, started)) {
      for (int i = 0; i < 1000; i++) {
        send(app, queue, 0);
      }
      String urgent = send(app, queue, 9);
      confirmAll();
      assertThat(app.unsafe().broker().queueStats(queue).orElseThrow().messages()).isEqualTo(1001);
      runUntil(app, queue, started, 10);
      assertThat(started.indexOf(urgent)).as("position of the priority-9 task").isBetween(0, 2);
    } finally {
      try (Fennel cleanup = Fennel.builder().brokerUrl(Services.RABBIT_URL).build()) {
        cleanup.unsafe().broker().purge(queue);
      }
    }
  }

  @Test
  void onRedisAPriority0TaskQueuedBehind1000Priority9TasksRunsFirst() throws Exception {
    Services.requireRedis();
    String queue = "it.priority.redis." + UUID.randomUUID();
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    try (Fennel app = app(REDIS_BROKER, started)) {
      for (int i = 0; i < 1000; i++) {
        send(app, queue, 9);
      }
      String first = send(app, queue, 0);
      runUntil(app, queue, started, 10);
      assertThat(started.indexOf(first)).as("position of the priority-0 task").isZero();
    }
  }

  @Test
  void onRedisAPriority9TaskQueuedBehind1000Priority0TasksRunsLast() throws Exception {
    Services.requireRedis();
    String queue = "it.priority.redis." + UUID.randomUUID();
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    try (Fennel app = app(REDIS_BROKER, started)) {
      for (int i = 0; i < 1000; i++) {
        send(app, queue, 0);
      }
      String last = send(app, queue, 9);
      runUntil(app, queue, started, 1001);
      assertThat(started.indexOf(last)).as("position of the priority-9 task").isEqualTo(1000);
    }
  }

  @Test
  void onRedisPrioritiesAreRoundedDownToSteps0369AndServedLowestStepFirst() throws Exception {
    Services.requireRedis();
    String queue = "it.priority.redis." + UUID.randomUUID();
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    try (Fennel app = app(REDIS_BROKER, started)) {
      int[] priorities = {5, 2, 4, 0, 9, 7, 3, 1, 8, 6};
      Map<Integer, String> ids = new java.util.HashMap<>();
      for (int p : priorities) {
        ids.put(p, send(app, queue, p));
      }
      runUntil(app, queue, started, priorities.length);
      // step 0 (FIFO): 2, 0, 1; step 3: 5, 4, 3; step 6: 7, 8, 6; step 9: 9
      List<Integer> expected = List.of(2, 0, 1, 5, 4, 3, 7, 8, 6, 9);
      assertThat(started).containsExactlyElementsOf(expected.stream().map(ids::get).toList());
    }
  }
}
