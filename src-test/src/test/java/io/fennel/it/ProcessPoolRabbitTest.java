package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.control.Control;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fennel worker -P process} as a separate process on real RabbitMQ: a runaway task is killed
 * at its hard limit, a leaking child is recycled, a child killed with SIGKILL fails (or requeues)
 * only its task, and {@code --statedb} keeps revokes across a restart.
 */
class ProcessPoolRabbitTest {
  static final String BACKEND = "redis://127.0.0.1:6379/13";
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final String queue = "it.process." + UUID.randomUUID();
  private final String node = "proc-" + UUID.randomUUID().toString().substring(0, 8) + "@it";

  private Proc worker(Map<String, String> extraEnv, String... extraArgs) {
    Map<String, String> env = new HashMap<>();
    env.put("FENNEL_BROKER_URL", Services.RABBIT_URL);
    env.put("FENNEL_RESULT_BACKEND", BACKEND);
    env.putAll(extraEnv);
    List<String> args =
        new ArrayList<>(List.of("worker", "-P", "process", "-c", "1", "-Q", queue, "-n", node));
    args.addAll(List.of(extraArgs));
    Proc p = Proc.fennel("worker", env, args.toArray(String[]::new));
    await()
        .atMost(WAIT)
        .failFast("the worker died:\n" + p.output(), () -> !p.isAlive())
        .until(() -> p.output().contains("ready;"));
    return p;
  }

  /** The worker's children, as {@code inspect stats} lists them in {@code pool.processes}. */
  private List<ProcessHandle> children(Proc p) {
    try (Fennel app = client()) {
      JsonNode stats =
          new Control(app)
              .inspect()
              .destination(List.of(node))
              .timeout(Duration.ofSeconds(10))
              .stats()
              .get(node);
      List<ProcessHandle> out = new ArrayList<>();
      stats
          .path("pool")
          .path("processes")
          .forEach(pid -> ProcessHandle.of(pid.asLong()).ifPresent(out::add));
      assertThat(out).noneMatch(h -> h.pid() == p.pid());
      return out;
    }
  }

  private AsyncResult send(Fennel app, String task, Object... args) {
    return app.sendTask(task, List.of(args), Map.of(), SendOptions.builder().queue(queue).build());
  }

  private static String failure(AsyncResult r) {
    try {
      r.get(WAIT);
      return "SUCCESS";
    } catch (io.fennel.core.result.TaskFailedException e) {
      return e.excModule() + "." + e.excType();
    }
  }

  private boolean runsATask(Fennel app) {
    JsonNode active =
        new Control(app)
            .inspect()
            .destination(List.of(node))
            .timeout(Duration.ofSeconds(5))
            .active()
            .get(node);
    return active != null && active.size() > 0;
  }

  private static Fennel client() {
    return Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build();
  }

  @Test
  void givenASpinningTaskWithAHardLimitThenItFailsInSecondsItsChildIsGoneAndTheNextTaskRuns()
      throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    try (Fennel app = client();
        Proc w = worker(Map.of("FENNEL_TASK_TIME_LIMIT", "3"))) {
      assertThat(send(app, "demo.add", 1, 2).get(WAIT).asLong()).isEqualTo(3);
      List<ProcessHandle> before = children(w);
      assertThat(before).hasSize(1);
      long t0 = System.nanoTime();
      AsyncResult spin = send(app, "demo.spin", 120);
      assertThat(failure(spin)).isEqualTo("celery.exceptions.TimeLimitExceeded");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      await().atMost(WAIT).until(() -> !before.get(0).isAlive());
      assertThat(send(app, "demo.add", 2, 2).get(WAIT).asLong()).isEqualTo(4);
      assertThat(children(w)).hasSize(1).doesNotContain(before.get(0));
    } finally {
      purge();
    }
  }

  @Test
  void givenALeakingTaskLoopWithMaxMemoryPerChildThenChildrenAreRecycledAndNoTaskIsLost()
      throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    try (Fennel app = client();
        Proc w = worker(Map.of("FENNEL_WORKER_MAX_MEMORY_PER_CHILD", "250000"))) {
      List<AsyncResult> all = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        all.add(send(app, "demo.leak", 40));
      }
      for (AsyncResult r : all) {
        assertThat(r.get(WAIT).asLong()).isPositive();
      }
      Map<String, JsonNode> stats =
          new Control(app)
              .inspect()
              .destination(List.of(node))
              .timeout(Duration.ofSeconds(10))
              .stats();
      JsonNode kids = stats.get(node).path("fennel").path("children");
      assertThat(kids.path("memory_recycles").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(stats.get(node).path("fennel").path("memory_recycles").asLong())
          .isGreaterThanOrEqualTo(1);
      assertThat(stats.get(node).path("rusage").path("stime").asDouble()).isPositive();
      assertThat(kids.path("rusage").path("utime").asDouble()).isPositive();
      assertThat(children(w)).hasSize(1);
    } finally {
      purge();
    }
  }

  @Test
  void givenAChildKilledMidTaskThenThatTaskFailsWithWorkerLostErrorAndThePoolIsWholeAgain()
      throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    try (Fennel app = client();
        Proc w = worker(Map.of())) {
      AsyncResult sleeping = send(app, "demo.sleep", 60);
      await().atMost(WAIT).until(() -> runsATask(app));
      ProcessHandle child = children(w).get(0);
      child.destroyForcibly();
      assertThat(failure(sleeping)).isEqualTo("billiard.exceptions.WorkerLostError");
      assertThat(send(app, "demo.add", 5, 5).get(WAIT).asLong()).isEqualTo(10);
      assertThat(children(w)).hasSize(1);
    } finally {
      purge();
    }
  }

  @Test
  void givenRejectOnWorkerLostWhenTheChildIsKilledThenTheTaskIsRequeuedAndRunsAgain()
      throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    try (Fennel app = client();
        Proc w =
            worker(
                Map.of(
                    "FENNEL_TASK_ACKS_LATE",
                    "true",
                    "FENNEL_TASK_REJECT_ON_WORKER_LOST",
                    "true"))) {
      AsyncResult sleeping = send(app, "demo.sleep", 4);
      await().atMost(WAIT).until(() -> runsATask(app));
      children(w).get(0).destroyForcibly();
      assertThat(sleeping.get(WAIT).asDouble()).isEqualTo(4.0);
      assertThat(w.output()).contains("task_reject_on_worker_lost sends it back to the queue");
    } finally {
      purge();
    }
  }

  @Test
  void givenARevokeBeforeARestartWithStatedbWhenTheTaskIsDueAfterItThenItIsDiscarded()
      throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    Path state = dir.resolve("worker.state");
    String id = UUID.randomUUID().toString();
    try (Fennel app = client()) {
      try (Proc first = worker(Map.of(), "--statedb", state.toString())) {
        app.revoke(id, false, null);
        await()
            .atMost(WAIT)
            .until(() -> Files.exists(state) && Files.readString(state).contains(id));
        first.terminate();
        first.waitFor(WAIT);
      }
      AsyncResult later =
          app.sendTask(
              "demo.add",
              List.of(1, 1),
              Map.of(),
              SendOptions.builder()
                  .queue(queue)
                  .taskId(id)
                  .countdown(Duration.ofSeconds(3))
                  .build());
      try (Proc second = worker(Map.of(), "--statedb", state.toString())) {
        await()
            .atMost(WAIT)
            .failFast("the second worker died:\n" + second.output(), () -> !second.isAlive())
            .until(() -> app.asyncResult(later.id()).status().equals("REVOKED"));
      }
    } finally {
      purge();
    }
  }

  private void purge() {
    try (Fennel app = client()) {
      app.unsafe().broker().purge(queue);
    } catch (RuntimeException e) {
      // the queue may not exist
    }
  }
}
