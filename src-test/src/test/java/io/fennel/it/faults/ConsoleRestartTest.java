package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.testing.TcpProxy;
import io.fennel.core.worker.Worker;
import io.fennel.it.support.RabbitQueues;
import io.fennel.it.support.Services;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.MonitorOptionsBuilder;
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
 * and auto-delete), leaving some stuck RECEIVED or STARTED forever; a console whose broker
 * connection dropped missed what the agents flushed before it subscribed again. Now a console on a
 * fixed port, or given {@code --queue-name}, reads a durable queue and sees every task finish.
 * Counts: sent, seen finished, lost.
 */
class ConsoleRestartTest {
  private static final int EACH = 200;

  @Test
  void tasksThatRanWhileTheConsoleWasDownAreSeenAfterItRestarts() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    MonitorOptionsBuilder options = MonitorOptions.builder().port(port);
    restartLosesNothing(options, Monitor.durableQueueName(port));
  }

  @Test
  void aConsoleGivenAQueueNameResumesFromItOnAnyPort() throws Exception {
    String name = "it.faults.console-queue." + UUID.randomUUID();
    restartLosesNothing(MonitorOptions.builder().port(0).queueName(name), name);
  }

  @Test
  void tasksThatRanWhileTheConsolesBrokerConnectionWasCutAreSeenAfterItReconnects()
      throws Exception {
    Services.requireRabbit();
    String name = "it.faults.console-cut." + UUID.randomUUID();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        Fennel app = Fennel.builder().brokerUrl(Services.RABBIT_URL).build()) {
      proxy.stopRecording();
      Fleet fleet = new Fleet(app);
      MonitorOptions options =
          MonitorOptions.builder()
              .brokerUrl("amqp://guest:guest@127.0.0.1:" + proxy.port() + "//")
              .port(0)
              .queueName(name)
              .build();
      try (Monitor console = Monitor.start(options)) {
        List<String> before = fleet.send(EACH);
        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(console, before) == EACH);
        proxy.down(true);
        List<String> cut = fleet.send(EACH);
        fleet.awaitProcessed(2L * EACH);
        proxy.down(false);
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () -> assertThat(EACH - succeeded(console, cut)).as("lost while cut off").isZero());
      } finally {
        fleet.stop();
        RabbitQueues.delete(name, fleet.queue);
      }
    }
  }

  private static void restartLosesNothing(MonitorOptionsBuilder builder, String eventQueue)
      throws Exception {
    Services.requireRabbit();
    MonitorOptions options = builder.brokerUrl(Services.RABBIT_URL).build();
    try (Fennel app = Fennel.builder().brokerUrl(Services.RABBIT_URL).build()) {
      Fleet fleet = new Fleet(app);
      try {
        List<String> ids = new ArrayList<>();
        try (Monitor first = Monitor.start(options)) {
          ids.addAll(fleet.send(EACH));
          await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(first, ids) == EACH);
        }
        // The console is down: these run and their events wait in its queue.
        List<String> whileDown = fleet.send(EACH);
        fleet.awaitProcessed(2L * EACH);
        try (Monitor second = Monitor.start(options)) {
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(() ->
                  assertThat(EACH - succeeded(second, whileDown))
                      .as("tasks run while the console was down, not seen after")
                      .isZero());
        }
      } finally {
        fleet.stop();
        RabbitQueues.delete(eventQueue, fleet.queue);
      }
    }
  }

  /** One worker with task events on, on a queue of its own. */
  private static final class Fleet {
    private final Fennel app;
    private final String queue = "it.faults.console." + UUID.randomUUID();
    private final Worker worker;
    private final WorkerAgent agent;

    Fleet(Fennel app) {
      this.app = app;
      app.register("fault.quick", c -> 1);
      String node = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
      worker = app.worker(app.workerOptions(node, List.of(queue)));
      agent = WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS.withTaskEvents(true));
      worker.start();
    }

    List<String> send(int n) {
      SendOptions toQueue = SendOptions.builder().queue(queue).ignoreResult(true).build();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(app.sendTask("fault.quick", List.of(), Map.of(), toQueue).id());
      }
      return ids;
    }

    void awaitProcessed(long n) {
      await().atMost(Duration.ofSeconds(60)).until(() -> worker.control().processed() >= n);
    }

    void stop() throws InterruptedException {
      agent.close();
      worker.shutdown();
      worker.awaitStopped(Duration.ofSeconds(30));
    }
  }

  private static long succeeded(Monitor m, List<String> ids) {
    return ids.stream()
        .filter(id -> m.state().task(id).map(t -> t.state() == TaskState.SUCCESS).orElse(false))
        .count();
  }
}
