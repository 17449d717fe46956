package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.protocol.PythonJson;
import io.fennel.protocol.repr.PythonFloat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming event writer spells every event exactly as the JSON tree of {@link EventWriter}
 * dumped by {@link PythonJson} does, so the faster path changes no byte on the wire.
 */
class EventJsonTest {
  private static final String[] ODD = {
    null,
    "",
    "plain",
    "quote \" and \\ slash",
    "tab\tnew\nline\r\b\f",
    "\u0001\u001f\u007f",
    "é ü 中文 \ud83d\ude00",
    "(1, 'two', [3.5])",
    "{'k': None}"
  };

  private static String tree(Event e) {
    return PythonJson.write(EventWriter.write(e));
  }

  private static String streamed(Event e) {
    StringBuilder out = new StringBuilder();
    EventJson.write(out, e);
    return out.toString();
  }

  private static List<Event> everyKind(Random r, String s) {
    double ts = r.nextDouble() * 2e9;
    EventFields f =
        new EventFields(
            s == null ? "w@h" : s,
            r.nextBoolean() ? 0 : null,
            r.nextBoolean() ? r.nextInt() : null,
            r.nextLong(),
            ts);
    Integer maybe = r.nextBoolean() ? r.nextInt() : null;
    Boolean flag = r.nextBoolean() ? r.nextBoolean() : null;
    return List.of(
        new TaskSent(f, "id", s, null, "t.add", s, "{}", maybe, s, null, "celery", "", s),
        new TaskReceived(f, "id", "t.add", s, s, "root", null, maybe, null, s),
        new TaskStarted(f, "id-" + s),
        new TaskSucceeded(f, "id", s, r.nextBoolean() ? null : r.nextDouble() * 10),
        new TaskFailed(f, "id", s, s),
        new TaskRetried(f, "id", s, null),
        new TaskRejected(f, "id", flag),
        new TaskRevoked(f, "id", flag, maybe, !Boolean.TRUE.equals(flag)),
        new WorkerHeartbeat(
            f,
            2.0,
            r.nextInt(100),
            r.nextLong(),
            List.of(0.0, r.nextDouble(), 1e-7),
            s,
            "5.2.6",
            s),
        new WorkerOnline(f, 0.5, 0, 0, null, "py-celery", s, "Linux"));
  }

  @Test
  void givenEveryEventKindWithOddTexts_whenStreamed_thenTheBytesEqualTheTreeDump() {
    Random r = new Random(14);
    for (String s : ODD) {
      for (Event e : everyKind(r, s)) {
        assertThat(streamed(e)).as(e.type()).isEqualTo(tree(e));
      }
    }
  }

  @Test
  void givenABatch_whenEncoded_thenItIsThePythonListOfTheEvents() {
    List<Event> batch = new ArrayList<>(everyKind(new Random(3), "x"));
    StringBuilder expected = new StringBuilder("[");
    for (int i = 0; i < batch.size(); i++) {
      expected.append(i == 0 ? "" : ", ").append(tree(batch.get(i)));
    }
    expected.append(']');

    assertThat(new String(EventCodec.encodeBatch(batch), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(expected.toString());
    assertThat(EventCodec.encodeBatch(List.of())).asString().isEqualTo("[]");
  }

  @Test
  void givenAnyDouble_whenWritten_thenItIsPythonsJsonSpelling() {
    Random r = new Random(1);
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                1.0,
                -2.5,
                1e16,
                1e15,
                123456789012345678.0,
                1e-4,
                1e-5,
                0.001,
                5e-324,
                Double.MAX_VALUE,
                Double.MIN_NORMAL,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                1796179368.2469046,
                0.1 + 0.2,
                100.0,
                1234.5e10,
                1e7,
                1e9,
                1.5e7,
                9999999.999999998,
                1796179368.5,
                1796179368.0,
                123456789012345.6,
                999999999999999.9));
    for (int i = 0; i < 100_000; i++) {
      values.add(Double.longBitsToDouble(r.nextLong()));
      values.add(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
    }
    for (double d : values) {
      StringBuilder out = new StringBuilder();
      EventJson.number(out, d);
      assertThat(out.toString())
          .as("%s", d)
          .isEqualTo(PythonFloat.format(d, PythonFloat.Spelling.JSON));
    }
  }
}
