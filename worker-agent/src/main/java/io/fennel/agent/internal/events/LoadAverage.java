package io.fennel.agent.internal.events;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's 1, 5 and 15 minute load averages, rounded to two places as Celery sends them: from
 * {@code /proc/loadavg} where it exists, else the JVM's one-minute figure three times, else zeros.
 */
final class LoadAverage {
  private static final Path PROC = Path.of("/proc/loadavg");

  private LoadAverage() {}

  static List<Double> read() {
    try {
      if (Files.isReadable(PROC)) {
        String[] parts = Files.readString(PROC).trim().split("\\s+");
        if (parts.length >= 3) {
          List<Double> out = new ArrayList<>(3);
          for (int i = 0; i < 3; i++) {
            out.add(round(Double.parseDouble(parts[i])));
          }
          return List.copyOf(out);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the JVM's figure
    }
    double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    double v = one < 0 ? 0.0 : round(one);
    return List.of(v, v, v);
  }

  static double round(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
