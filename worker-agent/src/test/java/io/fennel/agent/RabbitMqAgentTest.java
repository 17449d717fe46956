package io.fennel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.fennel.agent.control.Control;
import io.fennel.agent.testing.AgentFixture;
import io.fennel.core.broker.Brokers;
import io.fennel.core.testing.RequiresRabbitMq;
import io.fennel.core.time.SystemScheduler;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.event.EventCodec;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker agent on real RabbitMQ: events on celeryev and pidbox replies as Celery's tools read
 * them.
 */
@ExtendWith(RequiresRabbitMq.class)
class RabbitMqAgentTest {
  private record Received(String routingKey, AMQP.BasicProperties props, byte[] body) {}

  @Test
  void eventsReachCeleryevWithCeleryPropertiesAndControlRoundTripsOverRabbitMq() throws Exception {
    String node = "agent-" + UUID.randomUUID().toString().substring(0, 8) + "@vm";
    List<Received> got = new CopyOnWriteArrayList<>();
    try (Connection raw = RequiresRabbitMq.rawConnection();
        AgentFixture f =
            new AgentFixture(
                Brokers.open(RequiresRabbitMq.URL), new SystemScheduler("test-timer"))) {
      Channel ch = raw.createChannel();
      ch.exchangeDeclare("celeryev", "topic", true);
      String q = ch.queueDeclare("", false, true, true, null).getQueue();
      ch.queueBind(q, "celeryev", "#");
      ch.basicConsume(
          q,
          true,
          (tag, d) ->
              got.add(
                  new Received(d.getEnvelope().getRoutingKey(), d.getProperties(), d.getBody())),
          tag -> {});

      f.worker(node);
      String id = f.app.task("demo.add").delay(2, 3).id();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() ->
              got.stream()
                  .filter(r -> r.routingKey().equals("task.multi"))
                  .flatMap(r -> EventCodec.decode(r.body()).stream())
                  .anyMatch(e ->
                      e.type().equals("task-succeeded")
                          && e instanceof io.fennel.protocol.event.TaskEvent t
                          && id.equals(t.uuid())));
      // The broker is shared: pick this worker's messages out of everyone's.
      Received online =
          got.stream()
              .filter(r -> r.routingKey().equals("worker.online"))
              .filter(r -> node.equals(String.valueOf(r.props().getHeaders().get("hostname"))))
              .findFirst()
              .orElseThrow();
      assertThat(online.props().getContentType()).isEqualTo("application/json");
      assertThat(online.props().getContentEncoding()).isEqualTo("utf-8");
      assertThat(online.props().getDeliveryMode()).isEqualTo(1);
      assertThat(online.props().getPriority()).isZero();
      assertThat(online.props().getHeaders().get("hostname").toString()).isEqualTo(node);
      Received batch =
          got.stream()
              .filter(r -> r.routingKey().equals("task.multi"))
              .filter(
                  r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains(id))
              .findFirst()
              .orElseThrow();
      JsonNode body = PythonJson.read("body", batch.body());
      assertThat(body.isArray()).isTrue();
      assertThat(body.get(0).get("uuid").asText())
          .as("the batch opens with the task")
          .isEqualTo(id);

      Control control = new Control(f.app);
      JsonNode pong = control.ping(List.of(node), Duration.ofSeconds(5)).get(node);
      assertThat(pong.get("ok").asText()).isEqualTo("pong");
      JsonNode stats =
          control
              .inspect()
              .destination(List.of(node))
              .timeout(Duration.ofSeconds(5))
              .stats()
              .get(node);
      assertThat(stats.get("clock").isTextual()).isTrue();
      assertThat(stats.get("broker").get("hostname").asText()).isEqualTo("127.0.0.1");
      assertThat(stats.get("broker").has("password")).isFalse();
      ch.close();
    }
  }
}
