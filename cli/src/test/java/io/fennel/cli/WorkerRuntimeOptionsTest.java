package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worker's runtime options refuse bad values by name and say what to type instead. */
class WorkerRuntimeOptionsTest {
  private final CliRun cli = new CliRun();

  @Test
  void givenExcludeQueuesThatLeaveNothingThenTheWorkerRefusesToStart() {
    assertThat(cli.execute("worker", "-b", "memory://x", "-Q", "a", "-X", "a")).isEqualTo(2);
    assertThat(cli.err()).contains("-X/--exclude-queues [a] leaves no queue to consume");
  }

  @Test
  void givenABadAutoscaleThenTheMessageShowsTheForm() {
    assertThat(cli.execute("worker", "-b", "memory://x", "--autoscale", "ten")).isEqualTo(2);
    assertThat(cli.err()).contains("--autoscale takes MAX,MIN (e.g. --autoscale 10,3)");
  }

  @Test
  void givenAnUnknownOptimizationProfileThenTheChoicesAreNamed() {
    assertThat(cli.execute("worker", "-b", "memory://x", "-O", "fast")).isEqualTo(2);
    assertThat(cli.err()).contains("-O takes fair or default, was 'fast'");
  }
}
