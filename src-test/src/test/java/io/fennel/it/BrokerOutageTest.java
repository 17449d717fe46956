package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Brokers;
import io.fennel.core.broker.ExchangeType;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.testing.TcpProxy;
import io.fennel.core.worker.Worker;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Services;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.WorkerHeartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ goes away for about ten seconds while a task runs: the worker keeps running what it
 * holds, the agent buffers (and counts what it drops), reconnects by itself, and heartbeats resume.
 * The outage is a proxy between the worker and the shared broker that cuts and refuses connections,
 * so the broker itself, which other tests use, never stops.
 */
class BrokerOutageTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";

  @Test
  void aWorkerRidesOutABrokerOutageAndItsAgentReconnectsByItself() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    String queue = "it.outage." + UUID.randomUUID();
    String node = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
    AtomicInteger heartbeats = new AtomicInteger();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        Broker watcher = Brokers.open(Services.RABBIT_URL);
        Fennel app =
            Fennel.builder()
                .brokerUrl("amqp://guest:guest@127.0.0.1:" + proxy.port() + "//")
                .resultBackend(BACKEND)
                .build()) {
      proxy.stopRecording();
      String watchQueue = "it.outage.watch." + UUID.randomUUID();
      watcher.declareExchange(WireNames.EVENT_EXCHANGE, ExchangeType.TOPIC, true, false);
      watcher.declareQueue(new QueueSpec(watchQueue, false, false, true, Map.of()));
      watcher.bind(watchQueue, WireNames.EVENT_EXCHANGE, "worker.heartbeat");
      watcher.consume(
          watchQueue,
          0,
          d -> {
            for (var e : EventCodec.decode(d.body())) {
              if (e instanceof WorkerHeartbeat hb && hb.hostname().equals(node)) {
                heartbeats.incrementAndGet();
              }
            }
            d.ack();
          });
      new DemoApp().define(app);
      Worker worker = app.worker(app.workerOptions(node, List.of(queue)));
      WorkerAgent agent =
          WorkerAgent.attach(
              app, worker, AgentOptions.builder().taskEvents(true).bufferCapacity(3).build());
      worker.start();
      try {
        var task =
            app.sendTask(
                "demo.sleep", List.of(20), Map.of(), SendOptions.builder().queue(queue).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> heartbeats.get() >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !worker.control().active().isEmpty());

        proxy.down(true);
        try {
          // The outage lasts until the agent has had to drop events: about five heartbeats.
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> agent.droppedEvents() >= 2 && agent.pendingEvents() == 3);
          assertThat(worker.control().active())
              .as("the worker keeps running what it holds")
              .hasSize(1);
        } finally {
          proxy.down(false);
        }

        int before = heartbeats.get();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> heartbeats.get() > before + 1 && agent.pendingEvents() == 0);
        assertThat(task.get(Duration.ofSeconds(60)).asInt()).isEqualTo(20);
        assertThat(agent.droppedEvents()).isGreaterThanOrEqualTo(2);
      } finally {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        agent.close();
        app.unsafe().broker().purge(queue);
      }
    }
  }
}
