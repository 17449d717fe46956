package io.fennel.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.repr.PythonRepr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every task message captured from Celery 5.2.6 decodes and re-encodes exactly: headers in order,
 * AMQP types and body bytes.
 */
class CapturedTaskMessagesTest {

  static TaskProperties properties(JsonNode p) {
    return new TaskProperties(
        text(p, "content_type"),
        text(p, "content_encoding"),
        p.has("delivery_mode") ? p.get("delivery_mode").intValue() : null,
        p.has("priority") ? p.get("priority").intValue() : null,
        text(p, "correlation_id"),
        text(p, "reply_to"),
        text(p, "expiration"));
  }

  private static String text(JsonNode p, String key) {
    return p.has(key) ? p.get(key).textValue() : null;
  }

  static TaskMessage decodeSample(JsonNode sample) {
    JsonNode props = sample.get("properties");
    return TaskMessageCodec.decode(
        properties(props),
        HeaderValues.fromJsonObject(props.get("headers")),
        sample.get("body_raw").textValue().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theVectorSetHoldsEveryKindOfTaskMessage() {
    assertThat(Vectors.taskMessages()).hasSizeGreaterThanOrEqualTo(60);
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedTaskMessageDecodesAndEncodesBackExactly() {
    return Vectors.taskMessages().stream()
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> decodesAndEncodesBack(s.json())));
  }

  private static void decodesAndEncodesBack(JsonNode sample) {
    TaskMessage m = decodeSample(sample);
    Map<String, Object> headers = TaskMessageCodec.encodeHeaders(m.headers());

    assertThat(HeaderValues.toJson("headers", headers))
        .isEqualTo(sample.get("properties").get("headers"));
    List<String> order = new ArrayList<>();
    sample.get("header_order").forEach(n -> order.add(n.textValue()));
    assertThat(new ArrayList<>(headers.keySet())).isEqualTo(order);
    sample
        .get("header_amqp_types")
        .properties()
        .forEach(e ->
            assertThat(AmqpTypes.matches(headers.get(e.getKey()), e.getValue().textValue()))
                .as(
                    "%s = %s should be AMQP type %s",
                    e.getKey(), headers.get(e.getKey()), e.getValue())
                .isTrue());
    assertThat(new String(TaskMessageCodec.encodeBody(m.body()), StandardCharsets.UTF_8))
        .isEqualTo(sample.get("body_raw").textValue());
    assertThat(
            TaskMessageCodec.headersFromJson(
                "headers", TaskMessageCodec.headersToJson(m.headers())))
        .isEqualTo(m.headers());
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedArgsreprAndKwargsreprIsPythonReprOfTheBody() {
    return Vectors.taskMessages().stream()
        .map(s ->
            DynamicTest.dynamicTest(
                s.name(),
                () -> {
                  TaskMessage m = decodeSample(s.json());
                  assertThat(PythonRepr.argsRepr(m.body().args()))
                      .isEqualTo(m.headers().argsrepr());
                  assertThat(PythonRepr.kwargsRepr(m.body().kwargs()))
                      .isEqualTo(m.headers().kwargsrepr());
                  assertThat(m.headers().withReprsOf(m.body())).isEqualTo(m.headers());
                }));
  }

  @Test
  void givenACapturedEtaWhenParsedAndFormattedThenTheTextIsUnchanged() {
    TaskMessage m =
        decodeSample(Vectors.read(Vectors.root().resolve("amqp/tasks/11_all_options.json")));
    assertThat(TaskHeaders.formatInstant(m.headers().etaInstant().orElseThrow()))
        .isEqualTo(m.headers().eta());
    assertThat(TaskHeaders.formatInstant(m.headers().expiresInstant().orElseThrow()))
        .isEqualTo(m.headers().expires());
  }

  @Test
  void givenTheWorkerPublishedChainStepThenTheEmptyChainListSurvives() {
    TaskMessage m =
        decodeSample(
            Vectors.read(
                Vectors.root()
                    .resolve("amqp/tasks/worker_published/chain_step2_published_by_worker.json")));
    assertThat(m.body().embed().chain()).isEmpty();
    assertThat(m.body().embed().callbacks()).isNull();
  }

  @Test
  void givenTimeLimitsThenTheyStayIntegers() {
    TaskMessage m =
        decodeSample(Vectors.read(Vectors.root().resolve("amqp/tasks/12_time_limits.json")));
    assertThat(m.headers().timelimit()).isEqualTo(new TimeLimit(10, 5));
  }

  @Test
  void givenAFreshCallWhenBuiltWithDefaultsThenItMatchesCeleryDefaults() {
    TaskHeaders h = TaskHeaders.of("demo.add", "id-1", TaskMessages.origin(5478, "vm"));
    assertThat(h.rootId()).isEqualTo("id-1");
    assertThat(h.origin()).isEqualTo("gen5478@vm");
    assertThat(h.lang()).isEqualTo("py");
    assertThat(h.timelimit()).isEqualTo(TimeLimit.NONE);
    assertThat(TaskMessageCodec.encodeHeaders(h).keySet())
        .containsExactlyElementsOf(TaskHeaders.STANDARD_ORDER);
    assertThat(h.withRetries(1).retries()).isEqualTo(1);
  }

  @Test
  void givenExtraAndStampHeadersThenTheyAreWrittenBackAfterTheStandardOnes() {
    TaskHeaders h =
        TaskHeaders.builder("t", "i")
            .stampedHeaders(List.of("a"))
            .stamps(Map.of("a", "x"))
            .extra("replaced_task_nesting", 0)
            .build();
    Map<String, Object> m = TaskMessageCodec.encodeHeaders(h);
    assertThat(new ArrayList<>(m.keySet()).subList(16, 19))
        .containsExactly("stamped_headers", "stamps", "replaced_task_nesting");
    assertThat(TaskMessageCodec.headersFromMap(m)).isEqualTo(h);
  }

  @Test
  void givenAnInstantWithoutMicrosThenTheFractionIsLeftOutAsPythonDoes() {
    assertThat(TaskHeaders.formatInstant(java.time.Instant.parse("2030-01-02T03:04:05Z")))
        .isEqualTo("2030-01-02T03:04:05+00:00");
    assertThat(TaskHeaders.formatInstant(java.time.Instant.parse("2030-01-02T03:04:05.678901999Z")))
        .isEqualTo("2030-01-02T03:04:05.678901+00:00");
  }
}
