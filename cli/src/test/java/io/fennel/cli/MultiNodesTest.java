package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code fennel multi} reads node names, per-node options and file patterns. */
class MultiNodesTest {
  @Test
  void givenACountWhenParsedThenNodesAreNumberedOnThisHost() {
    List<MultiNodes.Node> nodes = MultiNodes.parse(List.of("3"), "box");
    assertThat(nodes)
        .extracting(MultiNodes.Node::name)
        .containsExactly("celery1@box", "celery2@box", "celery3@box");
    assertThat(nodes.get(0).pidfile()).isEqualTo(Path.of("celery1.pid").toAbsolutePath());
    assertThat(nodes.get(0).logfile()).isEqualTo(Path.of("celery1.log").toAbsolutePath());
  }

  @Test
  void givenPerNodeOptionsWhenParsedThenTheyReplaceTheCommonValueForThatNodeOnly() {
    List<MultiNodes.Node> nodes =
        MultiNodes.parse(
            List.of(
                "w1",
                "w2@%h",
                "-b",
                "amqp://x",
                "-c",
                "1",
                "-c:w1",
                "4",
                "-Q:w2",
                "slow",
                "--pidfile=/run/%n.pid",
                "--logfile",
                "/log/%h%I.log"),
            "box");
    assertThat(nodes.get(0).workerArgs())
        .containsExactly("worker", "-n", "w1@box", "-b", "amqp://x", "-c", "4");
    assertThat(nodes.get(1).workerArgs())
        .containsExactly("worker", "-n", "w2@box", "-b", "amqp://x", "-c", "1", "-Q", "slow");
    assertThat(nodes.get(1).pidfile()).isEqualTo(Path.of("/run/w2.pid"));
    assertThat(nodes.get(1).logfile()).isEqualTo(Path.of("/log/w2@box.log"));
  }

  @Test
  void givenAPerNodeOptionForAnUnknownNodeWhenParsedThenTheErrorNamesIt() {
    assertThatThrownBy(() -> MultiNodes.parse(List.of("w1", "-c:w9", "2"), "box"))
        .hasMessageContaining("names node 'w9', which is not among w1@box");
    assertThatThrownBy(() -> MultiNodes.parse(List.of("-c", "2"), "box"))
        .hasMessageContaining("name the nodes");
  }

  @Test
  void givenAWorkerPatternWhenExpandedThenNameHostAndIndexAreCelerys() {
    assertThat(NodeFiles.expand("/var/%n-%h-%p%I-%i.log", "w1@box.example"))
        .isEqualTo("/var/w1-box.example-w1@box.example-0.log");
  }
}
