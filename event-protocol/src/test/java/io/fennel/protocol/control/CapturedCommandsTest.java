package io.fennel.protocol.control;

import static io.fennel.protocol.event.WireVectors.bodyRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.WireNames;
import io.fennel.protocol.event.WireVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every request Celery 5.2.6 sent on {@code celery.pidbox} reads as its typed {@link Command}, and
 * writing that command back gives the same arguments, key for key and in the same order.
 */
class CapturedCommandsTest {

  private static List<ControlRequest> capturedRequests() {
    List<ControlRequest> out = new ArrayList<>();
    for (var file : WireVectors.files("amqp/pidbox")) {
      for (JsonNode m : WireVectors.messages(file)) {
        if (m.get("exchange").textValue().equals(WireNames.CONTROL_EXCHANGE)) {
          out.add(ControlCodec.decodeRequest(bodyRaw(m)));
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedRequestParsesIntoItsCommandAndWritesBackTheSameArguments() {
    return capturedRequests().stream()
        .map(request ->
            DynamicTest.dynamicTest(
                request.method() + " " + request.arguments(),
                () -> {
                  Command command = Command.parse(request);
                  assertThat(command).isNotInstanceOf(Unknown.class);
                  assertThat(command.method()).isEqualTo(request.method());
                  assertThat(PythonJson.write(command.toArguments()))
                      .isEqualTo(PythonJson.write(request.arguments()));
                }));
  }

  @Test
  void theCapturesCoverTheCommandsCelerysClientSends() {
    List<String> kinds =
        capturedRequests().stream().map(r -> Command.parse(r).getClass().getSimpleName()).toList();
    assertThat(kinds)
        .contains(
            "Ping",
            "Active",
            "Reserved",
            "Scheduled",
            "Stats",
            "Registered",
            "ActiveQueues",
            "QueryTask",
            "Revoked",
            "Revoke",
            "RateLimit",
            "PoolGrow",
            "PoolShrink",
            "AddConsumer",
            "CancelConsumer",
            "Shutdown",
            "Hello");
  }

  @Test
  void theCapturedTerminatingRevokesCarryTheirSignal() {
    List<Revoke> revokes =
        capturedRequests().stream()
            .map(Command::parse)
            .filter(c -> c instanceof Revoke r && r.terminate())
            .map(Revoke.class::cast)
            .toList();
    assertThat(revokes).extracting(Revoke::signal).contains(Signal.SIGTERM, Signal.SIGKILL);
    assertThat(revokes).allSatisfy(r -> assertThat(r.ids()).hasSize(1));
  }
}
