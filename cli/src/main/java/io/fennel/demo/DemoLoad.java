package io.fennel.demo;

import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's load generator: a steady mix of the example app's tasks so every state shows up in the
 * console within seconds: quick adds, slow sleeps, failures with tracebacks, flaky tasks that retry
 * and then succeed, countdowns, and long sleeps that it revokes.
 */
public final class DemoLoad implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoLoad.class);

  private final Fennel app;
  private final double perSecond;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  public DemoLoad(Fennel app, double perSecond) {
    this.app = app;
    this.perSecond = perSecond;
  }

  /** Starts sending on a thread named {@code fennel-demo-load}. */
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("fennel-demo-load").daemon().start(this::loop);
  }

  /** Tasks sent so far. */
  public long sent() {
    return sent.get();
  }

  private void loop() {
    long n = 0;
    long periodNanos = (long) (1e9 / perSecond);
    long next = System.nanoTime();
    while (running) {
      try {
        sendOne(n++);
      } catch (RuntimeException e) {
        log.warn("demo load could not send a task: {}", e.getMessage());
      }
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** The {@code n}th task of the mix; the first dozen cover every kind at once. */
  void sendOne(long n) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int kind = (int) (n < 12 ? n % 6 : r.nextInt(20));
    switch (kind) {
      case 0, 6, 7, 8, 9, 10, 11 -> send("demo.add", List.of(r.nextInt(100), r.nextInt(100)));
      case 1, 12, 13 -> send("demo.sleep", List.of(Math.round(r.nextDouble(0.5, 4.0) * 10) / 10.0));
      case 2, 14 -> send("demo.fail", List.of("demo failure #" + n));
      case 3, 15 -> send("demo.flaky", List.of(1 + r.nextInt(2)));
      case 4, 16 ->
          app.task("demo.mul")
              .applyAsync(
                  List.of(r.nextInt(10), r.nextInt(10)),
                  Map.of(),
                  SendOptions.builder().countdown(Duration.ofSeconds(2 + r.nextInt(5))).build());
      case 5, 17 -> {
        AsyncResult doomed =
            app.task("demo.sleep")
                .applyAsync(
                    List.of(60),
                    Map.of(),
                    SendOptions.builder().countdown(Duration.ofSeconds(3)).build());
        app.revoke(doomed.id(), false, "SIGTERM");
      }
      default -> send("demo.echo", List.of(Map.of("n", n, "text", "héllo <b>demo</b>")));
    }
    sent.incrementAndGet();
  }

  private void send(String name, List<Object> args) {
    app.task(name).applyAsync(args, Map.of(), SendOptions.NONE);
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
