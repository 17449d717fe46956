package io.fennel.core.worker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resource usage of a process as {@code getrusage} reports it and Celery's {@code stats} shows it:
 * user and system CPU seconds, peak resident memory in KiB (Linux's {@code ru_maxrss} unit), page
 * faults and context switches. Read from {@code /proc/<pid>/stat} and {@code status} on Linux; on
 * other systems only the CPU total (as user time) and the heap are known.
 */
public record Rusage(
    double utime, double stime, long maxrss, long minflt, long majflt, long nvcsw, long nivcsw) {
  /** Nothing used. */
  public static final Rusage ZERO = new Rusage(0, 0, 0, 0, 0, 0, 0);

  /** Linux's clock ticks per second for {@code /proc/<pid>/stat} times. */
  private static final double TICKS = 100.0;

  /** This process. */
  public static Rusage self() {
    Rusage r = of(ProcessHandle.current().pid());
    if (r != null) {
      return r;
    }
    double cpu = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = Math.max(0L, os.getProcessCpuTime()) / 1e9;
    }
    return new Rusage(cpu, 0, Runtime.getRuntime().totalMemory() / 1024, 0, 0, 0, 0);
  }

  /** Process {@code pid}, or null when {@code /proc} cannot tell (not Linux, or it is gone). */
  public static Rusage of(long pid) {
    try {
      Path dir = Path.of("/proc", Long.toString(pid));
      String stat = Files.readString(dir.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      List<String> status = Files.readAllLines(dir.resolve("status"));
      return new Rusage(
          Long.parseLong(f[11]) / TICKS,
          Long.parseLong(f[12]) / TICKS,
          kib(status, "VmHWM:"),
          Long.parseLong(f[7]),
          Long.parseLong(f[9]),
          kib(status, "voluntary_ctxt_switches:"),
          kib(status, "nonvoluntary_ctxt_switches:"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long kib(List<String> status, String key) {
    for (String line : status) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  /** The sum of two usages; peak memory is the larger peak. */
  public Rusage plus(Rusage o) {
    return new Rusage(
        utime + o.utime,
        stime + o.stime,
        Math.max(maxrss, o.maxrss),
        minflt + o.minflt,
        majflt + o.majflt,
        nvcsw + o.nvcsw,
        nivcsw + o.nivcsw);
  }
}
