package io.fennel.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.testing.AgentFixture;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code inspect stats} reports the worker process's real rusage, in Celery's units (Linux). */
class StatsRusageTest {
  private static final Duration T = Duration.ofSeconds(5);
  private static final Path STATUS = Path.of("/proc/self/status");

  private final AgentFixture f = new AgentFixture();
  private final Control control = new Control(f.app);

  @BeforeEach
  void onLinux() {
    assumeThat(Files.isReadable(STATUS)).as("/proc/self/status (Linux)").isTrue();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private JsonNode rusage(String node) {
    return control.inspect().destination(List.of(node)).timeout(T).stats().get(node).get("rusage");
  }

  /** This process's peak resident memory in KiB, as the kernel reports it. */
  private static long vmHwmKib() throws IOException {
    for (String line : Files.readAllLines(STATUS)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmHWM in " + STATUS);
  }

  @Test
  void givenAWorkerWhenStatsAreAskedThenMaxrssIsThePeakResidentMemoryInKib() throws Exception {
    f.worker("w1@vm");
    long before = vmHwmKib();
    long maxrss = rusage("w1@vm").get("maxrss").asLong();
    long after = vmHwmKib();

    // The peak only grows, so the reported figure lies between two readings of it; bytes or
    // pages would be a factor of 1024 or 4 outside.
    assertThat(maxrss).isBetween(before, after);
  }

  @Test
  void givenAThreadPoolWorkerThatBurnedCpuWhenStatsAreAskedThenUserAndSystemTimeAreCounted() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeThat(threads.isCurrentThreadCpuTimeSupported()).isTrue();
    f.app.register(
        "test.burn",
        c -> {
          long start = threads.getCurrentThreadCpuTime();
          long n = 0;
          while (threads.getCurrentThreadCpuTime() - start < 500_000_000L) {
            n++;
          }
          return n;
        });
    Worker w = f.worker("w1@vm");
    assertThat(w.options().pool()).isEqualTo(PoolType.THREADS);
    JsonNode first = rusage("w1@vm");

    f.app.task("test.burn").delay();
    await().atMost(Duration.ofSeconds(20)).until(() -> w.control().processed() == 1);
    JsonNode then = rusage("w1@vm");

    assertThat(then.get("stime").asDouble()).isPositive();
    assertThat(then.get("utime").asDouble()).isPositive();
    double cpu = then.get("utime").asDouble() + then.get("stime").asDouble();
    double cpuBefore = first.get("utime").asDouble() + first.get("stime").asDouble();
    assertThat(cpu - cpuBefore).as("CPU seconds the task burned").isGreaterThanOrEqualTo(0.4);
  }
}
