package io.fennel.core.worker;

import io.fennel.core.Fennel;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM main the process-pool tests start: a few tasks registered on a memory-broker app.
 */
public final class ProcessPoolTestChild {
  private static final List<byte[]> KEPT = new ArrayList<>();

  private ProcessPoolTestChild() {}

  /** Registers the test tasks on {@code app} (parent and child register the same names). */
  static void define(Fennel app) {
    app.register("p.add", c -> c.arg(0, Long.class) + c.arg(1, Long.class));
    app.register("p.pid", c -> ProcessHandle.current().pid());
    app.register(
        "p.spin",
        c -> {
          long x = 0;
          while (true) {
            x++;
            if (x == Long.MAX_VALUE) {
              return x;
            }
          }
        });
    app.register(
        "p.sleep",
        c -> {
          try {
            Thread.sleep(60_000);
            return "slept";
          } catch (InterruptedException e) {
            return c.context().isSoftTimeLimitExceeded() ? "soft" : "interrupted";
          }
        });
    app.register(
        "p.leak",
        c -> {
          KEPT.add(new byte[c.arg(0, Integer.class) * 1024 * 1024]);
          KEPT.forEach(b -> java.util.Arrays.fill(b, (byte) 1));
          return KEPT.size();
        });
    app.register(
        "p.fail",
        c -> {
          throw new IllegalStateException("boom in " + ProcessHandle.current().pid());
        });
  }

  public static void main(String[] args) throws Exception {
    ProcessChild.protectStdout();
    try (Fennel app = Fennel.builder().brokerUrl("memory://").hostname("child").build()) {
      define(app);
      ProcessChild.serveStdio(app.unsafe().registry());
    }
    System.exit(0);
  }

  /** How the tests start this child. */
  static ChildCommand command() {
    return ChildCommand.java(ProcessPoolTestChild.class.getName(), List.of(), java.util.Map.of());
  }
}
