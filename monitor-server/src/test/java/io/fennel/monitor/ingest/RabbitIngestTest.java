package io.fennel.monitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Brokers;
import io.fennel.monitor.Captures;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Needs RabbitMQ on 127.0.0.1:5672 (guest/guest); skipped when it is not there. */
class RabbitIngestTest {
  private static final String URL = "amqp://guest:guest@127.0.0.1:5672//";

  @Test
  void consoleOnRabbitMqReceivesCapturedEventsAndMeasuresTheCeleryQueue() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5672), 500);
    } catch (java.io.IOException e) {
      Assumptions.abort("RabbitMQ is not running on 127.0.0.1:5672");
    }
    try (Monitor monitor = Monitor.start(MonitorOptions.builder().brokerUrl(URL).port(0).build());
        Broker publisher = Brokers.open(URL)) {
      Captures.Timeline tl = Captures.timelines().getFirst();
      Captures.publish(publisher, tl.messages());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> monitor.state().task(tl.taskId()).isPresent());
      assertThat(monitor.receiver().queue()).startsWith("fennel.monitor.");
      publisher.declareQueue(io.fennel.core.broker.QueueSpec.task("celery"));
      monitor.queues().sample();
      assertThat(monitor.queues().latest()).extracting(q -> q.queue()).contains("celery");
    }
  }
}
