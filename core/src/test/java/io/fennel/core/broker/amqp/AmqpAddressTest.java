package io.fennel.core.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.broker.BrokerUnavailableException;
import io.fennel.core.broker.Brokers;
import org.junit.jupiter.api.Test;

/** Celery-style AMQP URLs, and what a person sees when the broker is not there. */
class AmqpAddressTest {

  @Test
  void celeryDoubleSlashMeansTheRootVirtualHost() {
    AmqpAddress address = AmqpAddress.parse("amqp://guest:guest@127.0.0.1:5673//");

    assertThat(address.host()).isEqualTo("127.0.0.1");
    assertThat(address.port()).isEqualTo(5673);
    assertThat(address.virtualHost()).isEqualTo("/");
    assertThat(address.username()).isEqualTo("guest");
    assertThat(address.password()).isEqualTo("guest");
    assertThat(address.maskedUrl()).isEqualTo("amqp://guest:***@127.0.0.1:5673//");
  }

  @Test
  void defaultsAreCeleryDefaults() {
    AmqpAddress plain = AmqpAddress.parse("pyamqp://");
    assertThat(plain.host()).isEqualTo("localhost");
    assertThat(plain.port()).isEqualTo(5672);
    assertThat(plain.username()).isEqualTo("guest");
    assertThat(plain.virtualHost()).isEqualTo("/");
    assertThat(plain.tls()).isFalse();

    AmqpAddress tls = AmqpAddress.parse("amqps://rabbit.example/");
    assertThat(tls.port()).isEqualTo(5671);
    assertThat(tls.tls()).isTrue();
    assertThat(tls.virtualHost()).isEqualTo("/");
  }

  @Test
  void userInfoAndVirtualHostArePercentDecoded() {
    AmqpAddress address = AmqpAddress.parse("amqp://app:p%40ss+w@rabbit:5000/prod%2Feu");

    assertThat(address.username()).isEqualTo("app");
    assertThat(address.password()).isEqualTo("p@ss+w");
    assertThat(address.virtualHost()).isEqualTo("prod/eu");
    assertThat(address.maskedUrl()).isEqualTo("amqp://app:***@rabbit:5000/prod%2Feu");
  }

  @Test
  void unreachableBrokerSaysWhichAndWhatToDo() {
    assertThatThrownBy(() -> Brokers.open("amqp://guest:guest@127.0.0.1:5673//"))
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessage(
            "cannot reach broker amqp://guest:***@127.0.0.1:5673// (connection refused);"
                + " start it or pass --broker");
  }
}
