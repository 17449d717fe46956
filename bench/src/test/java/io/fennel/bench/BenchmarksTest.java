package io.fennel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark runner's command line ({@code --repeat N}, targets) and its median summary. */
class BenchmarksTest {
  @Test
  void noTargetMeansAllOnce() {
    assertThat(Benchmarks.parse(new String[0])).isEqualTo(new Benchmarks.Plan(List.of("all"), 1));
  }

  @Test
  void repeatIsReadInBothSpellingsAndKeepsTheTargetsInOrder() {
    assertThat(Benchmarks.parse(new String[] {"--repeat", "3", "worker", "producer"}))
        .isEqualTo(new Benchmarks.Plan(List.of("worker", "producer"), 3));
    assertThat(Benchmarks.parse(new String[] {"sleep", "--repeat=5"}))
        .isEqualTo(new Benchmarks.Plan(List.of("sleep"), 5));
  }

  @Test
  void aBadRepeatOrTargetIsRefusedByName() {
    assertThatThrownBy(() -> Benchmarks.parse(new String[] {"--repeat", "three"}))
        .hasMessageContaining("'three'")
        .hasMessageContaining("1 to 50");
    assertThatThrownBy(() -> Benchmarks.parse(new String[] {"--repeat=0"}))
        .hasMessageContaining("'0'");
    assertThatThrownBy(() -> Benchmarks.parse(new String[] {"--repeat=51"}))
        .hasMessageContaining("'51'");
    assertThatThrownBy(() -> Benchmarks.parse(new String[] {"worker", "--repeat"}))
        .hasMessageContaining("--repeat 3");
    assertThatThrownBy(() -> Benchmarks.parse(new String[] {"wroker"}))
        .hasMessageContaining("'wroker'")
        .hasMessageContaining("worker");
    assertThatThrownBy(() -> Benchmarks.parse(new String[] {"-r", "2"}))
        .hasMessageContaining("'-r'");
  }

  @Test
  void theMedianOfAnOddOrEvenCountLeavesNaNOut() {
    assertThat(Rounds.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(Rounds.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Rounds.median(new double[] {Double.NaN, 7, 1})).isEqualTo(4);
    assertThat(Rounds.median(new double[] {Double.NaN})).isNaN();
  }

  @Test
  void eachRatioIsTakenWithinItsRoundNotFromTwoMedians() {
    Rounds rounds = new Rounds();
    // a slow round slows figure and reference alike: the ratio holds at 0.5 in every round
    rounds.record("worker", 10, "tasks/s", 20, "bare");
    rounds.record("worker", 40, "tasks/s", 80, "bare");
    rounds.record("worker", 30, "tasks/s", 60, "bare");
    rounds.record("worker", 9, "tasks/s", 12, "other reference");
    Rounds.Row row = rounds.rows().getFirst();
    assertThat(rounds.rows()).hasSize(2);
    assertThat(row.medianValue()).isEqualTo(30);
    assertThat(row.medianReference()).isEqualTo(60);
    assertThat(row.ratios()).containsExactly(0.5, 0.5, 0.5);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream was = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      rounds.printSummary(3);
    } finally {
      System.setOut(was);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("median of 3 rounds");
    assertThat(text.lines().filter(l -> l.contains("reference bare")).findFirst().orElseThrow())
        .contains("ratio 0.50 (0.50-0.50, 3 rounds)");
    assertThat(text).contains("ratio 0.75 (0.75-0.75, 1 rounds)");
  }
}
