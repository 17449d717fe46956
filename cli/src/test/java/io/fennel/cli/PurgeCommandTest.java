package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fennel purge} deletes waiting messages only after the user says yes. */
class PurgeCommandTest {
  private final String url = "memory://purge-" + UUID.randomUUID();
  private final Fennel client = Fennel.builder().brokerUrl(url).build();

  @BeforeEach
  void fillQueues() {
    for (int i = 0; i < 3; i++) {
      client.task("demo.add").delay(i, i);
    }
    client
        .task("demo.add")
        .applyAsync(List.of(1, 2), Map.of(), SendOptions.builder().queue("q2").build());
  }

  @AfterEach
  void close() {
    client.close();
  }

  private long waiting(String queue) {
    return client.unsafe().broker().queueStats(queue).orElseThrow().messages();
  }

  @Test
  void answeringNoDeletesNothing() {
    CliRun cli = new CliRun(Map.of(), "n\n");
    assertThat(cli.execute("purge", "-Q", "celery,q2", "-b", url)).isZero();
    assertThat(cli.out()).contains("Delete 4 messages from celery, q2? [y/N] ");
    assertThat(cli.out()).contains("Nothing deleted.");
    assertThat(waiting("celery")).isEqualTo(3);
    assertThat(waiting("q2")).isEqualTo(1);
  }

  @Test
  void noAnswerAtAllDeletesNothing() {
    CliRun cli = new CliRun(Map.of(), "");
    assertThat(cli.execute("purge", "-b", url)).isZero();
    assertThat(cli.out()).contains("Nothing deleted.");
    assertThat(waiting("celery")).isEqualTo(3);
  }

  @Test
  void answeringYesDeletesAndSaysHowMany() {
    CliRun cli = new CliRun(Map.of(), "y\n");
    assertThat(cli.execute("purge", "-Q", "celery,q2", "-b", url)).isZero();
    assertThat(cli.out()).contains("Deleted 4 messages from celery, q2.");
    assertThat(waiting("celery")).isZero();
    assertThat(waiting("q2")).isZero();
  }

  @Test
  void forceDeletesWithoutAsking() {
    CliRun cli = new CliRun(Map.of(), "");
    assertThat(cli.execute("purge", "-Q", "q2", "-f", "-b", url)).isZero();
    assertThat(cli.out()).doesNotContain("[y/N]").contains("Deleted 1 message from q2.");
    assertThat(waiting("q2")).isZero();
    assertThat(waiting("celery")).isEqualTo(3);
  }

  @Test
  void theBrokerComesFromTheEnvironmentWhenNoFlagIsGiven() {
    CliRun cli = new CliRun(Map.of("FENNEL_BROKER_URL", url), "");
    assertThat(cli.execute("purge", "-f")).isZero();
    assertThat(cli.out()).contains("Deleted 3 messages from celery.");
  }

  @Test
  void emptyOrMissingQueuesNeedNoQuestion() {
    CliRun cli = new CliRun(Map.of(), "");
    assertThat(cli.execute("purge", "-Q", "nothing-here", "-b", url)).isZero();
    assertThat(cli.out())
        .isEqualTo(
            "No messages waiting in nothing-here; nothing deleted." + System.lineSeparator());
  }
}
