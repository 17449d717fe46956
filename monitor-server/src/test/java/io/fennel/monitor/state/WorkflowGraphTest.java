package io.fennel.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fennel.core.time.ManualScheduler;
import io.fennel.protocol.event.EventFields;
import io.fennel.protocol.event.TaskReceived;
import io.fennel.protocol.event.TaskSucceeded;
import io.fennel.protocol.state.TaskState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workflow graph the task page draws, built from task events in the cluster state. */
class WorkflowGraphTest {
  private static final double T0 = 1_800_000_000.0;
  private final ManualScheduler scheduler = new ManualScheduler(Instant.ofEpochSecond((long) T0));

  private static void received(
      ClusterState s, double dt, String id, String name, String root, String parent, String group) {
    Map<String, JsonNode> extra =
        group == null ? Map.of() : Map.of("group", TextNode.valueOf(group));
    s.apply(
        new TaskReceived(
            EventFields.of("w1", 0, 1, 1, T0 + dt),
            id,
            name,
            "()",
            "{}",
            root,
            parent,
            0,
            null,
            null,
            extra));
  }

  @Test
  void aChordInAChainIsOneGraphWithHeaderMembersSideBySideAndChordEdgesToTheBody() {
    ClusterState s = new ClusterState(1000, LiveClock.of(scheduler));
    received(s, 0, "a", "demo.add", "a", null, null);
    received(s, 1, "h1", "demo.add", "a", "a", "g");
    received(s, 1, "h2", "demo.add", "a", "a", "g");
    received(s, 2, "body", "demo.tsum", "a", "h2", null);
    s.apply(new TaskSucceeded(EventFields.of("w1", 0, 1, 2, T0 + 3), "body", "9", 0.01));
    received(s, 0, "other", "demo.add", "other", null, null);

    WorkflowGraph g = s.graph("h1").orElseThrow();

    assertThat(g.root()).isEqualTo("a");
    assertThat(g.nodes())
        .extracting(WorkflowGraph.Node::id)
        .containsExactly("a", "h1", "h2", "body");
    assertThat(g.nodes().get(3).state()).isEqualTo(TaskState.SUCCESS);
    assertThat(g.edges())
        .contains(
            new WorkflowGraph.Edge("a", "h1", WorkflowGraph.EdgeKind.PARENT),
            new WorkflowGraph.Edge("a", "h2", WorkflowGraph.EdgeKind.PARENT),
            new WorkflowGraph.Edge("h2", "body", WorkflowGraph.EdgeKind.CHORD),
            new WorkflowGraph.Edge("h1", "body", WorkflowGraph.EdgeKind.CHORD));
  }

  @Test
  void aTopLevelGroupIsJoinedThroughItsGroupIdEvenThoughEachMemberIsItsOwnRoot() {
    ClusterState s = new ClusterState(1000, LiveClock.of(scheduler));
    received(s, 0, "m1", "demo.add", "m1", null, "g");
    received(s, 0, "m2", "demo.add", "m2", null, "g");
    received(s, 1, "body", "demo.tsum", "m2", "m2", null);

    WorkflowGraph g = s.graph("body").orElseThrow();

    assertThat(g.nodes())
        .extracting(WorkflowGraph.Node::id)
        .containsExactlyInAnyOrder("m1", "m2", "body");
    assertThat(g.edges()).hasSize(2).allMatch(e -> e.kind() == WorkflowGraph.EdgeKind.CHORD);
  }

  @Test
  void aLoneTaskIsNotAWorkflowAndAnUnknownIdHasNoGraph() {
    ClusterState s = new ClusterState(1000, LiveClock.of(scheduler));
    received(s, 0, "solo", "demo.add", "solo", null, null);
    assertThat(s.graph("solo").orElseThrow().isWorkflow()).isFalse();
    assertThat(s.graph("nope")).isEmpty();
  }
}
