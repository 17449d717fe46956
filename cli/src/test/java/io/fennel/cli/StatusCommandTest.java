package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code fennel status} lists the nodes that reply and exits 69 when none does. */
class StatusCommandTest {
  private static final String NL = System.lineSeparator();

  private final CliRun cli = new CliRun();

  @Test
  void statusListsTheNodesOnlineAndCountsThem() throws Exception {
    try (RunningWorker w = new RunningWorker("w1@test")) {
      assertThat(cli.execute("status", "-b", w.url, "-t", "5", "-d", w.node))
          .as(cli.err())
          .isZero();
      assertThat(cli.out()).isEqualTo("-> w1@test: OK" + NL + NL + "1 node online." + NL);
    }
  }

  @Test
  void statusWithoutWorkersSaysNoneRepliedAndExits69() throws Exception {
    try (RunningWorker w = new RunningWorker("w1@test")) {
      assertThat(cli.execute("status", "-b", w.url, "-t", "0.2", "-d", "gone@nowhere"))
          .isEqualTo(69);
      assertThat(cli.err()).isEqualTo("Error: No nodes replied within time constraint." + NL);
    }
  }
}
