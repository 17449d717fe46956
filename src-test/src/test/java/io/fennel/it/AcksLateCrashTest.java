package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * At-least-once with {@code task_acks_late}: a worker process killed with SIGKILL part way through
 * 1,000 tasks loses none of them; a second worker finishes them all.
 */
class AcksLateCrashTest {
  static final String BACKEND = "redis://127.0.0.1:6379/13";

  private static long succeeded(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> app.asyncResult(id).status().equals("SUCCESS")).count();
  }

  @Test
  void aWorkerKilledPartWayLosesNoTaskAndASecondWorkerFinishesThem() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    String queue = "it.ackslate." + UUID.randomUUID();
    Map<String, String> env =
        Map.of(
            "FENNEL_BROKER_URL",
            Services.RABBIT_URL,
            "FENNEL_RESULT_BACKEND",
            BACKEND,
            "FENNEL_TASK_ACKS_LATE",
            "true",
            "FENNEL_WORKER_PREFETCH_MULTIPLIER",
            "4");
    try (Fennel app =
        Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build()) {
      List<String> ids = new ArrayList<>();
      SendOptions toQueue = SendOptions.builder().queue(queue).build();
      for (int i = 0; i < 1000; i++) {
        ids.add(app.sendTask("demo.sleep", List.of(0.01), Map.of(), toQueue).id());
      }
      try (Proc first =
              Proc.fennel(
                  "worker-1",
                  env,
                  "worker",
                  "-A",
                  "io.fennel.demo.DemoApp",
                  "-Q",
                  queue,
                  "-c",
                  "4",
                  "-n",
                  "crash-1@%h");
          Proc second = startAfterKilling(first, app, ids, env, queue)) {
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> succeeded(app, ids) == ids.size());
        assertThat(ids)
            .allSatisfy(id -> assertThat(app.asyncResult(id).status()).isEqualTo("SUCCESS"));
        second.terminate();
      } finally {
        app.unsafe().broker().purge(queue);
      }
    }
  }

  private static Proc startAfterKilling(
      Proc first, Fennel app, List<String> ids, Map<String, String> env, String queue) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .failFast("the first worker died on its own:\n" + first.output(), () -> !first.isAlive())
        .until(() -> succeeded(app, ids) >= 100);
    first.kill();
    long doneAtKill = succeeded(app, ids);
    assertThat(doneAtKill).as("killed part way").isLessThan(ids.size());
    return Proc.fennel(
        "worker-2",
        env,
        "worker",
        "-A",
        "io.fennel.demo.DemoApp",
        "-Q",
        queue,
        "-c",
        "4",
        "-n",
        "crash-2@%h");
  }
}
