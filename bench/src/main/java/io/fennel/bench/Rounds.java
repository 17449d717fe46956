package io.fennel.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row reported while the benchmarks run, kept per round so that {@code ./bench/run --repeat
 * N} can print, after N rounds, each row's median figure, median reference and the median and range
 * of its ratios. Each ratio stays one figure over its reference from the same round: the median is
 * taken over those ratios, never computed from two medians.
 */
final class Rounds {
  /** One row's samples, in the order the rounds ran. */
  record Row(String name, String unit, String refName, List<double[]> samples) {
    double medianValue() {
      return median(samples.stream().mapToDouble(s -> s[0]).toArray());
    }

    double medianReference() {
      return median(samples.stream().mapToDouble(s -> s[1]).toArray());
    }

    double[] ratios() {
      return samples.stream().mapToDouble(s -> s[0] / s[1]).toArray();
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();

  /** Records one reported row of the current round. */
  synchronized void record(
      String name, double value, String unit, double reference, String refName) {
    rows.computeIfAbsent(
            name + "\u0000" + refName, k -> new Row(name, unit, refName, new ArrayList<>()))
        .samples()
        .add(new double[] {value, reference});
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows.values());
  }

  /**
   * The median of {@code xs} (the mean of the middle two for an even count); NaN when there are
   * none. NaN samples (a reference that could not run) are left out.
   */
  static double median(double[] xs) {
    double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /** Prints each row's medians and the range of its ratios over the rounds. */
  void printSummary(int rounds) {
    System.out.printf("# median of %d rounds (each ratio taken within its round)%n", rounds);
    for (Row r : rows()) {
      double[] ratios = r.ratios();
      double[] sorted = Arrays.stream(ratios).filter(x -> !Double.isNaN(x)).sorted().toArray();
      String range =
          sorted.length == 0
              ? "n/a"
              : String.format("%.2f-%.2f", sorted[0], sorted[sorted.length - 1]);
      String digits =
          Math.abs(r.medianValue()) < 10 && Math.abs(r.medianReference()) < 10 ? "3" : "1";
      System.out.printf(
          "%-46s %12."
              + digits
              + "f %-8s | reference %-34s %12."
              + digits
              + "f %-8s | ratio %.2f (%s, %d rounds)%n",
          r.name(),
          r.medianValue(),
          r.unit(),
          r.refName(),
          r.medianReference(),
          r.unit(),
          median(ratios),
          range,
          r.samples().size());
    }
  }
}
