package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.Services;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.protocol.state.TaskState;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fault: a console restart lost the tasks that ran while it was down (its event queue was exclusive
 * and auto-delete), leaving some stuck RECEIVED or STARTED forever. Now a console on a fixed port
 * reads a durable queue named after it and, restarted, sees every task finish.
 */
class ConsoleRestartTest {
  private static final int EACH = 200;

  @Test
  void tasksThatRanWhileTheConsoleWasDownAreSeenAfterItRestarts() throws Exception {
    Services.requireRabbit();
    String queue = "it.faults.console." + UUID.randomUUID();
    String node = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    MonitorOptions options =
        MonitorOptions.builder().brokerUrl(Services.RABBIT_URL).port(port).build();
    try (Fennel app = Fennel.builder().brokerUrl(Services.RABBIT_URL).build()) {
      app.register("fault.quick", c -> 1);
      Worker worker = app.worker(app.workerOptions(node, List.of(queue)));
      WorkerAgent agent =
          WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS.withTaskEvents(true));
      worker.start();
      SendOptions toQueue = SendOptions.builder().queue(queue).ignoreResult(true).build();
      List<String> ids = new ArrayList<>();
      try {
        try (Monitor first = Monitor.start(options)) {
          for (int i = 0; i < EACH; i++) {
            ids.add(app.sendTask("fault.quick", List.of(), Map.of(), toQueue).id());
          }
          await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(first, ids) == EACH);
        }
        // The console is down: these run and their events wait in its queue.
        List<AsyncResult> whileDown = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
          AsyncResult r = app.sendTask("fault.quick", List.of(), Map.of(), toQueue);
          whileDown.add(r);
          ids.add(r.id());
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> worker.control().processed() >= 2L * EACH);
        try (Monitor second = Monitor.start(options)) {
          await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(second, ids) >= EACH);
          long seen = succeeded(second, ids.subList(EACH, 2 * EACH));
          assertThat(seen).as("tasks run while the console was down, seen after").isEqualTo(EACH);
        }
      } finally {
        agent.close();
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        app.unsafe().broker().purge(queue);
        app.unsafe().broker().purge(Monitor.durableQueueName(port));
      }
    }
  }

  private static long succeeded(Monitor m, List<String> ids) {
    return ids.stream()
        .filter(id -> m.state().task(id).map(t -> t.state() == TaskState.SUCCESS).orElse(false))
        .count();
  }
}
