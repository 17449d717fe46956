package io.fennel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.task.Task;
import io.fennel.core.task.TaskContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The example app that ships in the runnable jar ({@code fennel worker -A io.fennel.demo.DemoApp},
 * the default): arithmetic, sleeping, failing, retrying, echoing, CPU-spinning and memory-leaking
 * tasks under the names a Python Celery app would use, so either side can call the other.
 *
 * <p>Numbers follow Python: two integers give an integer ({@code demo.add(2, 3)} is {@code 5}),
 * anything with a float gives a float ({@code demo.add(2, 0.5)} is {@code 2.5}).
 */
public final class DemoApp {
  /** What {@code demo.leak} keeps reachable in this JVM. */
  private static final java.util.List<byte[]> LEAKED = new java.util.ArrayList<>();

  private final Duration retryDelay;

  /** The demo with {@code demo.flaky} retrying after one second. */
  public DemoApp() {
    this(Duration.ofSeconds(1));
  }

  /**
   * The demo with {@code demo.flaky} retrying after {@code retryDelay} (tests pass a short one).
   */
  public DemoApp(Duration retryDelay) {
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
  }

  /**
   * Registers the demo tasks on {@code app}. (The class does not implement {@code FennelApp}, so
   * that the demo depends on core alone; {@code fennel worker -A} loads it by its {@code @Task}
   * methods.)
   */
  public void define(Fennel app) {
    app.registerAll(this);
    app.register("demo.noop", call -> null);
  }

  /** {@code x + y}. */
  @Task(name = "demo.add")
  public Number add(Number x, Number y) {
    if (isInteger(x) && isInteger(y)) {
      return shrink(big(x).add(big(y)));
    }
    return x.doubleValue() + y.doubleValue();
  }

  /** {@code x * y}. */
  @Task(name = "demo.mul")
  public Number mul(Number x, Number y) {
    if (isInteger(x) && isInteger(y)) {
      return shrink(big(x).multiply(big(y)));
    }
    return x.doubleValue() * y.doubleValue();
  }

  /** The sum of a list of numbers: a chord body ({@code chord(header, demo.tsum.s())}). */
  @Task(name = "demo.tsum")
  public Number tsum(List<Number> numbers) {
    Number total = 0;
    for (Number n : numbers) {
      total = add(total, n);
    }
    return total;
  }

  /** Sleeps {@code seconds} (stops early when the task is terminated) and returns them. */
  @Task(name = "demo.sleep")
  public Number sleep(Number seconds) throws InterruptedException {
    long millis = (long) (seconds.doubleValue() * 1000);
    if (millis < 0) {
      throw new IllegalArgumentException("seconds must not be negative, was " + seconds);
    }
    Thread.sleep(millis);
    return seconds;
  }

  /** Always fails with a {@link DemoFailure} carrying {@code message}. */
  @Task(name = "demo.fail")
  public Object fail(String message) {
    throw new DemoFailure(message);
  }

  /**
   * Fails (and retries itself) {@code fail_times} times, then succeeds with {@code "ok after N
   * failures"}. The parameter keeps Python's name, so {@code kwargs={"fail_times": 2}} works; at
   * most 100 retries.
   */
  @Task(name = "demo.flaky", maxRetries = 100)
  public String flaky(TaskContext ctx, int fail_times) {
    if (ctx.retries() < fail_times) {
      throw ctx.retry(
          retryDelay,
          new DemoFailure("flaky failure " + (ctx.retries() + 1) + " of " + fail_times),
          null);
    }
    return "ok after " + fail_times + " failures";
  }

  /**
   * Burns CPU for {@code seconds} in a loop that ignores interrupts, as a runaway task does; only a
   * hard time limit on the process pool ({@code -P process}) stops it early. Returns the loop
   * count.
   */
  @Task(name = "demo.spin")
  public long spin(Number seconds) {
    long end = System.nanoTime() + (long) (seconds.doubleValue() * 1e9);
    long n = 0;
    while (System.nanoTime() < end) {
      n++;
    }
    return n;
  }

  /**
   * Allocates {@code mib} MiB and keeps it reachable for the rest of this JVM's life, as a leaking
   * task does; returns the MiB kept so far. {@code worker_max_memory_per_child} on the process pool
   * replaces the child when it grows too large. At most 1024 MiB per call.
   */
  @Task(name = "demo.leak")
  public long leak(int mib) {
    if (mib < 0 || mib > 1024) {
      throw new IllegalArgumentException("mib must be between 0 and 1024, was " + mib);
    }
    byte[] block = new byte[mib * 1024 * 1024];
    java.util.Arrays.fill(block, (byte) 1);
    synchronized (LEAKED) {
      LEAKED.add(block);
      return LEAKED.stream().mapToLong(b -> b.length).sum() / (1024 * 1024);
    }
  }

  /** Returns {@code value} unchanged: any JSON. */
  @Task(name = "demo.echo")
  public JsonNode echo(JsonNode value) {
    return value;
  }

  private static boolean isInteger(Number n) {
    return n instanceof Integer
        || n instanceof Long
        || n instanceof Short
        || n instanceof Byte
        || n instanceof BigInteger
        || (n instanceof BigDecimal d && d.scale() <= 0);
  }

  private static BigInteger big(Number n) {
    return n instanceof BigInteger b
        ? b
        : n instanceof BigDecimal d ? d.toBigIntegerExact() : BigInteger.valueOf(n.longValue());
  }

  /** A long when it fits (the common case), so results read back as ordinary JSON integers. */
  private static Number shrink(BigInteger n) {
    return n.bitLength() < 64 ? (Number) n.longValueExact() : n;
  }
}
