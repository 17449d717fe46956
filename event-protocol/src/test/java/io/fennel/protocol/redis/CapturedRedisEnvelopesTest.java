package io.fennel.protocol.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageCodec;
import io.fennel.protocol.task.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Fennel reads the Redis envelopes, priority lists and key names captured from Celery 5.2.6. */
class CapturedRedisEnvelopesTest {

  record Raw(String name, String text, boolean unacked) {}

  static List<Raw> envelopes() {
    List<Raw> out = new ArrayList<>();
    List<Path> files = new ArrayList<>(Vectors.files("redis-broker/commands"));
    files.add(Vectors.root().resolve("redis-broker/monitor_db2_all.json"));
    for (Path p : files) {
      JsonNode f = Vectors.read(p);
      List<JsonNode> commands = new ArrayList<>();
      if (f.has("cmd")) {
        commands.add(f);
      }
      if (f.has("commands")) {
        f.get("commands").forEach(commands::add);
      }
      for (int i = 0; i < commands.size(); i++) {
        JsonNode cmd = commands.get(i).get("cmd");
        for (JsonNode arg : cmd) {
          String a = arg.textValue();
          if (a.startsWith("{\"body\"")) {
            out.add(new Raw(p.getFileName() + "#" + i + " " + cmd.get(0).textValue(), a, false));
          } else if (a.startsWith("[{\"body\"")) {
            out.add(new Raw(p.getFileName() + "#" + i + " " + cmd.get(0).textValue(), a, true));
          }
        }
      }
    }
    for (Path p : Vectors.files("redis-broker")) {
      JsonNode f = Vectors.read(p);
      if (!f.has("keys")) {
        continue;
      }
      for (JsonNode key : f.get("keys")) {
        String name =
            p.getFileName() + " " + key.get("key").textValue().replace("\u0006\u0016", "SEP");
        key.path("items_raw").forEach(t -> out.add(new Raw(name, t.textValue(), false)));
        key.path("fields_raw").forEach(t -> out.add(new Raw(name, t.textValue(), true)));
      }
    }
    return out;
  }

  @Test
  void theVectorSetHoldsTaskEventAndPidboxEnvelopes() {
    assertThat(envelopes()).hasSizeGreaterThan(60);
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedEnvelopeDecodesAndEncodesBackByteForByte() {
    return envelopes().stream()
        .map(r ->
            DynamicTest.dynamicTest(
                r.name(),
                () -> {
                  if (r.unacked()) {
                    assertThat(UnackedEntry.decode(r.text()).encode()).isEqualTo(r.text());
                    checkTask(UnackedEntry.decode(r.text()).envelope());
                  } else {
                    assertThat(RedisEnvelope.decode(r.text()).encode()).isEqualTo(r.text());
                    checkTask(RedisEnvelope.decode(r.text()));
                  }
                }));
  }

  private static void checkTask(RedisEnvelope e) {
    if (e.headers() == null || !e.headers().has("task")) {
      return;
    }
    TaskMessage m = e.toTaskMessage();
    assertThat(TaskMessageCodec.encodeBody(m.body())).isEqualTo(e.bodyBytes());
    RedisEnvelope again =
        RedisEnvelope.ofTask(
            m,
            e.properties().exchange(),
            e.properties().routingKey(),
            e.properties().deliveryTag());
    assertThat(again.encode()).isEqualTo(e.encode());
  }

  @Test
  void priorityFiveGoesToTheStepThreeList() {
    JsonNode f =
        Vectors.read(Vectors.root().resolve("redis-broker/commands/LPUSH__celerySEP3.json"));
    RedisEnvelope e = RedisEnvelope.decode(f.get("cmd").get(2).textValue());
    assertThat(RedisKeys.priorityQueue("celery", e.properties().priority()))
        .isEqualTo(f.get("cmd").get(1).textValue());
  }

  @Test
  void keysMatchTheCapturedNames() {
    assertThat(RedisKeys.priorityQueue("celery", 0)).isEqualTo("celery");
    assertThat(RedisKeys.priorityQueue("celery", 2)).isEqualTo("celery");
    assertThat(RedisKeys.priorityQueue("celery", 6)).isEqualTo("celery\u0006\u00166");
    assertThat(RedisKeys.priorityQueue("celery", 200)).isEqualTo("celery\u0006\u00169");
    assertThat(RedisKeys.priorityQueue("celery", -1)).isEqualTo("celery");
    assertThat(RedisKeys.consumeOrder(List.of("celery", "wire.custom")))
        .containsExactly(
            "celery",
            "wire.custom",
            "celery\u0006\u00163",
            "wire.custom\u0006\u00163",
            "celery\u0006\u00166",
            "wire.custom\u0006\u00166",
            "celery\u0006\u00169",
            "wire.custom\u0006\u00169");
    assertThat(RedisKeys.bindingKey("celery")).isEqualTo("_kombu.binding.celery");
    assertThat(RedisKeys.bindingMember("celery", "", "celery"))
        .isEqualTo("celery\u0006\u0016\u0006\u0016celery");
    assertThat(RedisKeys.topicChannel(2, "celeryev", "task.sent"))
        .isEqualTo("/2.celeryev/task.sent");
    assertThat(RedisKeys.fanoutChannel(2, "celery.pidbox")).isEqualTo("/2.celery.pidbox");
  }
}
