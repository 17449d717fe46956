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
import io.fennel.it.support.RabbitQueues;
import io.fennel.it.support.Services;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.EventCodec;
import io.fennel.protocol.event.WorkerHeartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ goes away for about ten seconds while a long task and a few hundred short ones run: the
 * worker keeps running what it holds, the agent buffers (and counts what it drops), the worker and
 * the agent reconnect by themselves, heartbeats resume and every task sent before and during the
 * outage runs. The outage is a proxy between the worker and the shared broker that cuts and refuses
 * connections, so the broker itself, which other tests use, never stops. Counts: sent, completed,
 * lost (none), duplicated (at most the short tasks running when the connection went).
 */
class BrokerOutageTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final int SENT = 300;
  static final int CONCURRENCY = 3;

  private static long succeeded(Fennel app, List<String> ids) {
    return ids.stream().filter(id -> "SUCCESS".equals(app.asyncResult(id).status())).count();
  }

  @Test
  void aWorkerRidesOutABrokerOutageAndItsAgentReconnectsByItself() throws Exception {
    Services.requireRabbit();
    Services.requireRedis();
    String queue = "it.outage." + UUID.randomUUID();
    String node = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
    AtomicInteger heartbeats = new AtomicInteger();
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        Broker watcher = Brokers.open(Services.RABBIT_URL);
        Fennel sender =
            Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND).build();
        Fennel app =
            Fennel.builder()
                .brokerUrl("amqp://guest:guest@127.0.0.1:" + proxy.port() + "//")
                .resultBackend(BACKEND)
                .configure(c -> c.workerConcurrency(CONCURRENCY).workerPrefetchMultiplier(8))
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
      app.register(
          "fault.short",
          c -> {
            runs.computeIfAbsent(c.arg(0, Long.class), k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(50); // the task's own work: keeps deliveries prefetched across the cut
            return null;
          });
      Worker worker = app.worker(app.workerOptions(node, List.of(queue)));
      WorkerAgent agent =
          WorkerAgent.attach(
              app, worker, AgentOptions.builder().taskEvents(true).bufferCapacity(3).build());
      worker.start();
      SendOptions toQueue = SendOptions.builder().queue(queue).build();
      List<String> ids = new ArrayList<>();
      try {
        var task = sender.sendTask("demo.sleep", List.of(20), Map.of(), toQueue);
        await().atMost(Duration.ofSeconds(30)).until(() -> heartbeats.get() >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !worker.control().active().isEmpty());
        for (long i = 0; i < SENT / 2; i++) {
          ids.add(sender.sendTask("fault.short", List.of(i), Map.of(), toQueue).id());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 20);

        proxy.down(true);
        int ranAtCut = runs.size();
        try {
          // Half the tasks go to the broker while the worker cannot reach it.
          for (long i = SENT / 2; i < SENT; i++) {
            ids.add(sender.sendTask("fault.short", List.of(i), Map.of(), toQueue).id());
          }
          // The outage lasts until the agent has had to drop events: about five heartbeats.
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> agent.droppedEvents() >= 2 && agent.pendingEvents() == 3);
          assertThat(worker.control().active())
              .as("the worker keeps running what it holds")
              .anySatisfy(r -> assertThat(r.id()).isEqualTo(task.id()));
          assertThat(ranAtCut).as("tasks left when the connection went").isLessThan(SENT / 2);
        } finally {
          proxy.down(false);
        }

        int before = heartbeats.get();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> heartbeats.get() > before + 1 && agent.pendingEvents() == 0);
        assertThat(task.get(Duration.ofSeconds(60)).asInt()).isEqualTo(20);
        assertThat(agent.droppedEvents()).isGreaterThanOrEqualTo(2);
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> succeeded(sender, ids) == SENT);
        // Nothing left waiting: a redelivered duplicate runs (and is counted) rather than purged.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() ->
                sender
                    .unsafe()
                    .broker()
                    .queueStats(queue)
                    .map(q -> q.messages() == 0)
                    .orElse(true));
        long completed = succeeded(sender, ids);
        long lost = SENT - runs.size();
        long duplicated = runs.values().stream().filter(n -> n.get() > 1).count();
        System.out.printf(
            "broker outage: sent %d, completed %d, lost %d, duplicated %d (%d ran at the cut)%n",
            SENT, completed, lost, duplicated, ranAtCut);
        assertThat(completed).as("completed").isEqualTo(SENT);
        assertThat(lost).as("lost").isZero();
        // At most the short tasks running when the connection went (concurrency less the slot
        // of the long task) may run again, as their acks may have been on the wire; never the
        // prefetched ones.
        assertThat(duplicated).as("duplicated").isLessThanOrEqualTo(CONCURRENCY - 1);
      } finally {
        worker.shutdown();
        worker.awaitStopped(Duration.ofSeconds(30));
        agent.close();
        RabbitQueues.delete(queue);
      }
    }
  }
}
