package io.fennel.core.broker.amqp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.fennel.core.testing.RequiresRabbitMq;
import io.fennel.core.testing.TcpProxy;
import io.fennel.core.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The confirm deadline: a message whose confirm does not come is failed with a timeout once it is
 * overdue, and not before; its slot in the window comes back. The broker's replies are held by a
 * proxy, so RabbitMQ takes the message and its confirm never arrives; time is a manual clock.
 */
@ExtendWith(RequiresRabbitMq.class)
class ConfirmedPublisherTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final AMQP.BasicProperties PERSISTENT =
      new AMQP.BasicProperties.Builder().deliveryMode(2).build();

  private final String queue = "fennel.test.confirm-deadline." + UUID.randomUUID();
  private final ManualScheduler clock = new ManualScheduler(Instant.EPOCH);
  private TcpProxy proxy;
  private Connection connection;
  private ConfirmedPublisher publisher;

  @BeforeEach
  void connect() throws Exception {
    proxy = new TcpProxy(RequiresRabbitMq.HOST, RequiresRabbitMq.PORT);
    proxy.stopRecording();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(proxy.port());
    factory.setAutomaticRecoveryEnabled(false);
    connection = factory.newConnection("fennel-test-confirm-deadline");
    try (Channel ch = connection.createChannel()) {
      ch.queueDeclare(queue, false, false, false, null);
    }
    publisher = new ConfirmedPublisher(connection, 2, TIMEOUT, () -> clock);
    // the first message opens the confirm channel while replies still flow
    publish().get();
  }

  @AfterEach
  void cleanUp() throws Exception {
    proxy.down(true);
    publisher.close();
    connection.abort();
    proxy.close();
    try (Connection c = RequiresRabbitMq.rawConnection();
        Channel ch = c.createChannel()) {
      ch.queueDelete(queue);
    }
  }

  private CompletableFuture<Void> publish() throws Exception {
    return publisher.publish("", queue, PERSISTENT, "m".getBytes(UTF_8), Duration.ofSeconds(5));
  }

  @Test
  void aMessageWhoseConfirmNeverComesFailsOnceOverdueAndGivesItsSlotBack() throws Exception {
    proxy.holdReplies(true);
    CompletableFuture<Void> held = publish();

    clock.advance(TIMEOUT.minusSeconds(1));
    assertThat(held).as("one second before its deadline").isNotDone();
    assertThat(publisher.inFlight()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(held).isCompletedExceptionally();
    assertThat(catchCause(held))
        .isInstanceOf(TimeoutException.class)
        .hasMessage("no publisher confirm within 10 s");
    assertThat(publisher.inFlight()).isZero();
    // the window is two: with the overdue one failed, two more fit without waiting
    CompletableFuture<Void> a = publish();
    CompletableFuture<Void> b = publish();
    assertThat(publisher.inFlight()).isEqualTo(2);
    assertThat(a).isNotDone();
    assertThat(b).isNotDone();
  }

  @Test
  void onlyTheOverdueFailWhenOthersWereWrittenLater() throws Exception {
    proxy.holdReplies(true);
    CompletableFuture<Void> first = publish();
    clock.advance(Duration.ofSeconds(6));
    CompletableFuture<Void> second = publish();

    clock.advance(Duration.ofSeconds(4));
    assertThat(first).isCompletedExceptionally();
    assertThat(second).as("written 4 s ago").isNotDone();

    clock.advance(Duration.ofSeconds(6));
    assertThat(second).isCompletedExceptionally();
  }

  @Test
  void aConfirmThatComesInTimeCompletesTheMessageAndNoDeadlineFailsItLater() throws Exception {
    CompletableFuture<Void> sent = publish();
    sent.get();
    clock.advance(TIMEOUT.multipliedBy(2));
    assertThat(sent).isCompleted().isNotCompletedExceptionally();
    assertThat(publisher.inFlight()).isZero();
  }

  private static Throwable catchCause(CompletableFuture<Void> f) {
    try {
      f.get();
      throw new AssertionError("completed normally");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
