package io.fennel.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.TaskFailedException;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.PythonJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo app's tasks answer as their Python counterparts would. */
class DemoAppTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Fennel app;
  private Worker worker;

  @BeforeEach
  void startWorker() {
    app =
        Fennel.builder()
            .brokerUrl("memory://demo-" + UUID.randomUUID())
            .resultBackend("memory://")
            .build();
    new DemoApp(Duration.ofMillis(10)).define(app);
    worker = app.worker(app.workerOptions("demo-test@%h", List.of("celery")));
    worker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
    app.close();
  }

  private JsonNode call(String task, Object... args) {
    return app.task(task).delay(args).get(WAIT);
  }

  @Test
  void addOfTwoIntegersIsAnIntegerAsPythonWouldReturn() {
    JsonNode sum = call("demo.add", 2, 3);
    assertThat(sum.isIntegralNumber()).isTrue();
    assertThat(sum.asInt()).isEqualTo(5);
    assertThat(sum.toString()).isEqualTo("5");
  }

  @Test
  void addWithAFloatIsAFloat() {
    JsonNode sum = call("demo.add", 2, 0.5);
    assertThat(sum.isFloatingPointNumber()).isTrue();
    assertThat(sum.asDouble()).isEqualTo(2.5);
  }

  @Test
  void addOfHugeIntegersDoesNotOverflow() {
    assertThat(call("demo.add", Long.MAX_VALUE, 1).bigIntegerValue())
        .isEqualTo(java.math.BigInteger.valueOf(Long.MAX_VALUE).add(java.math.BigInteger.ONE));
  }

  @Test
  void mulOfIntegersIsAnIntegerAndWithAFloatAFloat() {
    JsonNode product = call("demo.mul", 6, 7);
    assertThat(product.isIntegralNumber()).isTrue();
    assertThat(product.asInt()).isEqualTo(42);
    assertThat(call("demo.mul", 4, 2.5).asDouble()).isEqualTo(10.0);
  }

  @Test
  void argumentsMayComeByKeyword() {
    JsonNode sum =
        app.task("demo.add")
            .applyAsync(List.of(), Map.of("x", 1, "y", 2), SendOptions.NONE)
            .get(WAIT);
    assertThat(sum.asInt()).isEqualTo(3);
  }

  @Test
  void sleepReturnsTheSecondsItSlept() {
    assertThat(call("demo.sleep", 0.01).asDouble()).isEqualTo(0.01);
  }

  @Test
  void echoReturnsAnyJsonUnchanged() throws Exception {
    JsonNode value =
        PythonJson.MAPPER.readTree("{\"a\": [1, \"x\", null, true], \"b\": {\"c\": 1.5}}");
    assertThat(call("demo.echo", value)).isEqualTo(value);
    assertThat(call("demo.echo", "text").asText()).isEqualTo("text");
  }

  @Test
  void failRaisesADemoFailureWithTheMessage() {
    assertThatThrownBy(() -> call("demo.fail", "boom"))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.state()).isEqualTo("FAILURE");
              assertThat(e.excType()).isEqualTo("DemoFailure");
              assertThat(e.excMessage()).isEqualTo("boom");
              assertThat(e.excModule()).isEqualTo("io.fennel.demo");
              assertThat(e.remoteTraceback()).contains("DemoFailure: boom");
            });
  }

  @Test
  void flakyRetriesUntilItHasFailedTheGivenTimesThenSucceeds() {
    assertThat(call("demo.flaky", 3).asText()).isEqualTo("ok after 3 failures");
  }

  @Test
  void flakyTakesFailTimesByItsPythonName() {
    JsonNode r =
        app.task("demo.flaky")
            .applyAsync(List.of(), Map.of("fail_times", 1), SendOptions.NONE)
            .get(WAIT);
    assertThat(r.asText()).isEqualTo("ok after 1 failures");
  }

  @Test
  void flakyWithNoFailuresSucceedsAtOnce() {
    assertThat(call("demo.flaky", 0).asText()).isEqualTo("ok after 0 failures");
  }

  @Test
  void spinBurnsCpuForTheGivenSecondsAndReturnsItsLoopCount() {
    assertThat(call("demo.spin", 0.05).asLong()).isPositive();
  }

  @Test
  void leakKeepsWhatItAllocatedAndRefusesSizesOutOfRange() {
    long first = call("demo.leak", 1).asLong();
    assertThat(call("demo.leak", 1).asLong()).isEqualTo(first + 1);
    assertThatThrownBy(() -> call("demo.leak", 2048))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> assertThat(e.excMessage()).contains("between 0 and 1024, was 2048"));
  }
}
