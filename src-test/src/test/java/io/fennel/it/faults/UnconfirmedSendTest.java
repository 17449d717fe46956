package io.fennel.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.testing.TcpProxy;
import io.fennel.it.support.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Fault: a send could fail with {@code BrokerUnavailableException} for a message RabbitMQ had in
 * fact taken, and a caller that retried made a duplicate. The broker here takes the message but its
 * publisher confirm never comes back: the exception says the message may have arrived, and it has.
 * With {@code task_publish_confirm=wait} the send throws it; pipelined (the default), the send
 * returns and the result's {@code sent()} and {@code get()} fail with it.
 */
class UnconfirmedSendTest {
  /** What a test does once its app's first message is confirmed and the proxy holds replies. */
  private interface WhileHeld {
    void send(Fennel app, SendOptions toQueue) throws Exception;
  }

  /**
   * An app built by {@code builder} talks to RabbitMQ through a proxy; it sends one message
   * normally, then the proxy stops passing the broker's replies and {@code held} sends the second.
   * Both reach the queue.
   */
  private static void confirmsHeld(UnaryOperator<Fennel.Builder> builder, WhileHeld held)
      throws Exception {
    Services.requireRabbit();
    String queue = "it.faults.unconfirmed." + UUID.randomUUID();
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        Fennel direct = Fennel.builder().brokerUrl(Services.RABBIT_URL).build()) {
      proxy.stopRecording();
      String viaProxy = "amqp://guest:guest@127.0.0.1:" + proxy.port() + "//";
      try (Fennel app = builder.apply(Fennel.builder().brokerUrl(viaProxy)).build()) {
        SendOptions toQueue = SendOptions.builder().queue(queue).build();
        app.sendTask("fault.first", List.of(), Map.of(), toQueue).awaitSent(Duration.ofSeconds(10));
        proxy.holdReplies(true);
        held.send(app, toQueue);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> direct.unsafe().broker().purge(queue) == 2);
        proxy.down(true); // the connection is of no use now: let the app close at once
        proxy.holdReplies(false);
      } finally {
        direct.unsafe().broker().purge(queue);
      }
    }
  }

  @Test
  void aSendWhoseConfirmNeverComesSaysTheMessageMayHaveArrived() throws Exception {
    confirmsHeld(
        b -> b.set("task_publish_confirm", "wait"),
        (app, toQueue) ->
            assertThatThrownBy(() -> app.sendTask("fault.held", List.of(), Map.of(), toQueue))
                .isInstanceOfSatisfying(
                    BrokerUnavailableException.class, e -> assertThat(e.mayHaveArrived()).isTrue())
                .hasMessageContaining("may have reached the broker")
                .hasMessageContaining("may run the task twice"));
  }

  @Test
  void aPipelinedSendReturnsAndItsResultFailsSayingTheMessageMayHaveArrived() throws Exception {
    confirmsHeld(
        b -> b.resultBackend("redis://127.0.0.1:6379/0"),
        (app, toQueue) -> {
          AsyncResult held = app.sendTask("fault.held", List.of(), Map.of(), toQueue);

          assertThat(held.sent()).as("returned before any confirm could come").isNotDone();
          assertThatThrownBy(() -> held.get(Duration.ofSeconds(30)))
              .isInstanceOfSatisfying(
                  BrokerUnavailableException.class, e -> assertThat(e.mayHaveArrived()).isTrue())
              .hasMessageContaining("no publisher confirm")
              .hasMessageContaining("may run the task twice");
          assertThat(held.sent()).isCompletedExceptionally();
        });
  }
}
