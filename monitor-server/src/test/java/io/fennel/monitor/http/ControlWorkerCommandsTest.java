package io.fennel.monitor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.agent.control.Control;
import io.fennel.core.Fennel;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.time.ManualScheduler;
import io.fennel.core.worker.Worker;
import io.fennel.monitor.api.ApiError;
import io.fennel.protocol.control.Ping;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's worker commands reach a real worker's pidbox as typed commands (on the in-memory
 * broker, with manual time) and a value no worker could take is a 400 naming it, sent to nobody.
 */
class ControlWorkerCommandsTest {
  private final Fennel app =
      Fennel.builder()
          .broker(new MemoryBroker())
          .backend(new MemoryBackend("memory://"))
          .scheduler(new ManualScheduler(Instant.parse("2026-11-24T06:30:00Z")))
          .hostname("vm")
          .build();
  private final Worker worker = app.worker(app.workerOptions("w1@vm", List.of("celery")));
  private final WorkerAgent agent;
  private final ControlWorkerCommands commands =
      new ControlWorkerCommands(new Control(app), Duration.ofSeconds(5));

  ControlWorkerCommandsTest() {
    app.register("demo.add", c -> c.arg(0, Integer.class) + c.arg(1, Integer.class));
    agent = WorkerAgent.attach(app, worker, AgentOptions.DEFAULTS);
    worker.start();
  }

  @AfterEach
  void close() throws Exception {
    worker.shutdownNow();
    worker.awaitStopped(Duration.ofSeconds(5));
    agent.close();
    app.close();
  }

  @Test
  void rateAndTimeLimitsArriveAsTypedCommandsAndAreApplied() {
    JsonNode rate = commands.rateLimit("w1@vm", "demo.add", "10/s");
    assertThat(rate.path("w1@vm").path("ok").asText()).isEqualTo("new rate limit set successfully");
    assertThat(worker.control().rateLimit("demo.add").perSecond()).isEqualTo(10.0);

    JsonNode time = commands.timeLimit("w1@vm", "demo.add", 5.0, 10.0);
    assertThat(time.path("w1@vm").path("ok").asText()).isEqualTo("time limits set successfully");
    assertThat(worker.control().timeLimit("demo.add")).containsExactly(5.0, 10.0);
  }

  @Test
  void revokeTakesASignalInAnySpellingAndRefusesOneNoWorkerKnows() {
    JsonNode reply = commands.revoke("abc", true, "kill");
    assertThat(reply.path("w1@vm").path("ok").asText()).isEqualTo("terminate: tasks unknown");
    assertThat(worker.control().revokedIds()).contains("abc");

    ApiError e = catchThrowableOfType(ApiError.class, () -> commands.revoke("def", true, "SIGFOO"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("'SIGFOO'").contains("a signal name or number");
    assertThat(worker.control().revokedIds()).doesNotContain("def");
  }

  @Test
  void inspectAnswersATypedQueryAndAPoolOfMinusOneIsRefused() {
    assertThat(commands.inspect("w1@vm", new Ping()).path("ok").asText()).isEqualTo("pong");
    ApiError e = catchThrowableOfType(ApiError.class, () -> commands.poolGrow("w1@vm", -1));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("'n'").contains("-1");
  }
}
