package io.fennel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stop action on Ctrl-C or SIGTERM for long-running commands ({@code monitor}, {@code
 * demo}), so they close cleanly and exit 0. Where signals cannot be caught, a shutdown hook does
 * the same and waits (up to 15 s) for the command to finish closing.
 */
final class StopOnSignal implements AutoCloseable {
  private final List<Signals.Restore> restore = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private Thread hook;

  private StopOnSignal() {}

  static StopOnSignal install(Runnable stop) {
    StopOnSignal s = new StopOnSignal();
    for (String signal : List.of("INT", "TERM")) {
      Signals.handle(signal, stop).ifPresent(s.restore::add);
    }
    if (s.restore.isEmpty()) {
      s.hook =
          Thread.ofPlatform()
              .name("fennel-stop-hook")
              .unstarted(() -> {
                stop.run();
                try {
                  s.closed.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(s.hook);
    }
    return s;
  }

  @Override
  public void close() {
    restore.forEach(Signals.Restore::restore);
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException exiting) {
        // the hook is what is stopping us
      }
    }
    closed.countDown();
  }
}
