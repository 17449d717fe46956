package io.fennel.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.task.Task;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fault: arguments that Python would refuse for {@code def add(x, y)} were bound anyway (strings
 * parsed as numbers, extra arguments dropped, a value given twice, None as a NullPointerException);
 * now each fails as Python's {@code TypeError} and valid calls still run.
 */
class ArgumentBindingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The demo's shape of task: two numbers. */
  public static final class Adder {
    @Task(name = "t.add")
    public long add(Long x, Long y) {
      return x + y;
    }

    @Task(name = "t.big")
    public int length(String text) {
      return text.length();
    }
  }

  private static TaskFailedException failure(WorkerHarness h, List<?> args, Map<String, ?> kw) {
    AsyncResult r = h.app.task("t.add").applyAsync(args, kw, SendOptions.NONE);
    try {
      r.get(WAIT);
    } catch (TaskFailedException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("t.add" + args + kw + " succeeded");
  }

  @Test
  void argumentsPythonRefusesFailAsTypeErrorWithPythonsWords() throws Exception {
    try (var h = new WorkerHarness(app -> app.registerAll(new Adder()))) {
      h.start();
      assertThat(failure(h, List.of("1", "2"), Map.of()).excMessage())
          .contains("argument 'x' is \"1\", which is not a Long");
      assertThat(failure(h, List.of(1, 2, 3), Map.of()).excMessage())
          .contains("t.add() takes 2 positional arguments but 3 were given");
      assertThat(failure(h, List.of(1, 2), Map.of("x", 5)).excMessage())
          .contains("t.add() got multiple values for argument 'x'");
      assertThat(failure(h, List.of(1), Map.of("z", 5)).excMessage())
          .contains("t.add() got an unexpected keyword argument 'z'");
      assertThat(failure(h, List.of(1.5, 2), Map.of()).excMessage())
          .contains("argument 'x' is 1.5, which is not a Long");
      TaskFailedException none = failure(h, Arrays.asList(null, 1), Map.of());
      assertThat(none.excType()).isEqualTo("TypeError");
      assertThat(none.excModule()).isEqualTo("builtins");
      assertThat(none.excMessage()).contains("argument 'x' is None").contains("@Nullable");
    }
  }

  @Test
  void validCallsBindByPositionAndKeyword() throws Exception {
    try (var h = new WorkerHarness(app -> app.registerAll(new Adder()))) {
      h.start();
      Map<String, Object> y = new HashMap<>();
      y.put("y", 40);
      assertThat(h.app.task("t.add").applyAsync(List.of(2), y, SendOptions.NONE).get(WAIT).asLong())
          .isEqualTo(42);
      assertThat(h.app.task("t.add").delay(2, 3).get(WAIT).asLong()).isEqualTo(5);
    }
  }

  @Test
  void aTwentyMegabyteArgumentIsCarriedAndRead() throws Exception {
    try (var h = new WorkerHarness(app -> app.registerAll(new Adder()))) {
      h.start();
      String text = "x".repeat(20 * 1024 * 1024 + 1);
      assertThat(h.app.task("t.big").delay(text).get(Duration.ofSeconds(60)).asInt())
          .isEqualTo(text.length());
    }
  }
}
