package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.Fennel;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.producer.SendOptions;
import io.fennel.core.result.AsyncResult;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerListener;
import io.fennel.demo.DemoApp;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import io.fennel.it.support.TestKeys;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.task.TaskBody;
import io.fennel.protocol.task.TaskHeaders;
import io.fennel.protocol.task.TaskMessage;
import io.fennel.protocol.task.TaskMessageWriter;
import io.fennel.protocol.task.TaskProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fennel and Debian's Python Celery 5.2.6 on RabbitMQ with Redis results, both ways, in every
 * format Celery sends: msgpack, YAML, zlib/gzip and bzip2 compression, protocol 1, and signed
 * ({@code app.setup_security()}); and a signed-only Fennel worker refusing what is not signed.
 */
class CeleryFormatsInteropTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);

  static void requireAll() {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
  }

  static JsonNode lastJsonLine(Proc p) {
    return CeleryInteropContract.lastJsonLine(p);
  }

  /** A Fennel worker of the demo tasks on {@code queue} with these extra settings. */
  static Fennel fennel(Map<String, String> settings) {
    Fennel.Builder b = Fennel.builder().brokerUrl(Services.RABBIT_URL).resultBackend(BACKEND);
    settings.forEach(b::set);
    Fennel app = b.build();
    new DemoApp().define(app);
    return app;
  }

  static Worker start(Fennel app, String queue) {
    Worker w = app.worker(app.workerOptions("formats-it@%h", List.of(queue)));
    w.start();
    return w;
  }

  static void stop(Fennel app, Worker w, String queue) throws InterruptedException {
    if (w != null) {
      w.shutdown();
      w.awaitStopped(Duration.ofSeconds(30));
    }
    if (app != null) {
      app.unsafe().broker().purge(queue);
      app.close();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PythonClientToFennelWorker {
    final String queue = "it.formats.jvm." + UUID.randomUUID();
    Fennel app;
    Worker worker;

    @BeforeAll
    void startFennelWorker() {
      requireAll();
      app = fennel(Map.of("accept_content", "json,msgpack,yaml"));
      worker = start(app, queue);
    }

    @AfterAll
    void stopWorker() throws InterruptedException {
      stop(app, worker, queue);
    }

    @ParameterizedTest(name = "{0}, compression {1}, protocol {2}")
    @CsvSource({
      "msgpack, none, 2",
      "yaml, none, 2",
      "json, zlib, 2",
      "json, gzip, 2",
      "json, bzip2, 2",
      "json, none, 1",
      "msgpack, bzip2, 1"
    })
    void givenAPythonClientInThisFormatWhenItSendsAddThenItReadsFiveFromRedis(
        String serializer, String compression, String protocol) throws Exception {
      try (Proc py =
          Python.script(
              Services.RABBIT_URL,
              BACKEND,
              "send_formats.py",
              "demo.add",
              queue,
              "[2, 3]",
              serializer,
              compression,
              protocol)) {
        assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
        JsonNode out = lastJsonLine(py);
        assertThat(out.get("state").asText()).as(py.output()).isEqualTo("SUCCESS");
        assertThat(out.get("result").asInt()).isEqualTo(5);
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class FennelClientToPythonWorker {
    final String queue = "it.formats.py." + UUID.randomUUID();
    Proc celery;

    @BeforeAll
    void startCeleryWorker() {
      requireAll();
      celery =
          Python.worker(
              Map.of("FENNEL_IT_ACCEPT", "json,msgpack,yaml"),
              Services.RABBIT_URL,
              BACKEND,
              queue,
              "py-formats-" + UUID.randomUUID() + "@%h");
    }

    @AfterAll
    void stopWorker() {
      if (celery != null) {
        celery.close();
      }
    }

    @ParameterizedTest(name = "{0}, compression {1}, protocol {2}")
    @CsvSource({
      "msgpack, , 2",
      "yaml, , 2",
      "json, zlib, 2",
      "json, gzip, 2",
      "json, bzip2, 2",
      "json, , 1",
      "yaml, zlib, 1"
    })
    void givenAFennelClientInThisFormatWhenItSendsAddThenThePythonWorkerAnswersFive(
        String serializer, String compression, String protocol) {
      try (Fennel app =
          fennel(
              Map.of(
                  "task_serializer",
                  serializer,
                  "task_compression",
                  compression == null ? "" : compression,
                  "task_protocol",
                  protocol))) {
        AsyncResult r =
            app.sendTask(
                "demo.echo",
                List.of(Map.of("héllo", List.of(1, 2.5, "✓"))),
                Map.of(),
                SendOptions.builder().queue(queue).build());
        assertThat(r.get(WAIT).toString())
            .as(celery.output())
            .isEqualTo("{\"héllo\":[1,2.5,\"✓\"]}");
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Signed {
    final String queue = "it.formats.signed." + UUID.randomUUID();
    final List<String> refused = new CopyOnWriteArrayList<>();
    Path keys;
    Fennel worker;
    Worker running;
    Fennel signer;

    @BeforeAll
    void startSignedOnlyWorker() throws Exception {
      requireAll();
      keys = TestKeys.make(Files.createTempDirectory("fennel-keys"));
      worker =
          fennel(
              Map.of(
                  "accept_content",
                  "auth",
                  "security_cert_store",
                  keys.resolve("*.pem").toString()));
      running = start(worker, queue);
      running.addListener(
          new WorkerListener() {
            @Override
            public void messageRefused(String q, String reason) {
              refused.add(reason);
            }
          });
      signer = fennel(signing());
    }

    Map<String, String> signing() {
      return Map.of(
          "task_serializer",
          "auth",
          "security_key",
          keys.resolve("signer.key").toString(),
          "security_certificate",
          keys.resolve("signer.pem").toString());
    }

    @AfterAll
    void stopWorker() throws Exception {
      stop(worker, running, queue);
      if (signer != null) {
        signer.close();
      }
    }

    @Test
    void givenAPythonClientWithSetupSecurityWhenItSendsAddThenTheSignedOnlyWorkerRunsIt()
        throws Exception {
      try (Proc py =
          Python.script(
              Services.RABBIT_URL,
              BACKEND,
              "send_formats.py",
              "demo.add",
              queue,
              "[2, 3]",
              "auth",
              "none",
              "2",
              keys.toString())) {
        assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
        JsonNode out = lastJsonLine(py);
        assertThat(out.get("state").asText()).as(py.output()).isEqualTo("SUCCESS");
        assertThat(out.get("result").asInt()).isEqualTo(5);
      }
    }

    @Test
    void givenAFennelProducerThatSignsWhenItSendsThenTheSignedOnlyWorkerRunsIt() {
      AsyncResult r =
          signer.sendTask(
              "demo.add", List.of(20, 22), Map.of(), SendOptions.builder().queue(queue).build());
      assertThat(r.get(WAIT).asInt()).isEqualTo(42);
    }

    @Test
    void givenAnUnsignedTaskWhenTheSignedOnlyWorkerGetsItThenItIsRefusedAndNeverRuns() {
      try (Fennel plain = fennel(Map.of())) {
        AsyncResult r =
            plain.sendTask(
                "demo.add", List.of(1, 1), Map.of(), SendOptions.builder().queue(queue).build());
        await()
            .atMost(WAIT)
            .until(() -> refused.stream().anyMatch(s -> s.contains("application/json (json)")));
        await().atMost(WAIT).until(() -> queueEmpty());
        assertThat(r.state().toString()).isEqualTo("PENDING");
      }
    }

    @Test
    void givenATamperedSignedTaskWhenTheSignedOnlyWorkerGetsItThenItIsRefusedAndNeverRuns() {
      String id = UUID.randomUUID().toString();
      TaskMessage m =
          new TaskMessage(
              TaskProperties.forTask(id, ""),
              TaskHeaders.of("demo.add", id, "gen1@it"),
              TaskBody.ofArgs(PythonJson.MAPPER.createArrayNode().add(2).add(3)));
      TaskMessageWriter.Encoded wire = signer.unsafe().producer().formats().taskWriter().write(m);
      String envelope =
          new String(Base64.getDecoder().decode(wire.body()), StandardCharsets.ISO_8859_1);
      assertThat(envelope).contains("[[2, 3]");
      byte[] tampered =
          Base64.getEncoder()
              .encode(envelope.replace("[[2, 3]", "[[2, 4]").getBytes(StandardCharsets.ISO_8859_1));
      worker
          .unsafe()
          .broker()
          .publish(
              new OutgoingMessage(
                  "",
                  queue,
                  new MessageProperties(
                      wire.contentType(),
                      wire.contentEncoding(),
                      wire.headers(),
                      2,
                      0,
                      id,
                      "",
                      null),
                  tampered));
      await().atMost(WAIT).until(() -> refused.stream().anyMatch(s -> s.contains("tampered")));
      await().atMost(WAIT).until(() -> queueEmpty());
      assertThat(worker.asyncResult(id).state().toString()).isEqualTo("PENDING");
    }

    boolean queueEmpty() {
      return worker.unsafe().broker().queueStats(queue).map(s -> s.messages() == 0).orElse(false);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SignedFennelClientToPythonWorker {
    final String queue = "it.formats.signed.py." + UUID.randomUUID();
    Path keys;
    Proc celery;

    @BeforeAll
    void startSignedCeleryWorker() throws Exception {
      requireAll();
      keys = TestKeys.make(Files.createTempDirectory("fennel-keys"));
      celery =
          Python.worker(
              Map.of("FENNEL_IT_SECURITY_DIR", keys.toString()),
              Services.RABBIT_URL,
              BACKEND,
              queue,
              "py-signed-" + UUID.randomUUID() + "@%h");
    }

    @AfterAll
    void stopWorker() {
      if (celery != null) {
        celery.close();
      }
    }

    @Test
    void givenAFennelProducerThatSignsWhenItSendsThenAPythonWorkerWithSetupSecurityRunsIt() {
      try (Fennel app =
          fennel(
              Map.of(
                  "task_serializer",
                  "auth",
                  "security_key",
                  keys.resolve("signer.key").toString(),
                  "security_certificate",
                  keys.resolve("signer.pem").toString()))) {
        AsyncResult r =
            app.sendTask(
                "demo.add", List.of(2, 3), Map.of(), SendOptions.builder().queue(queue).build());
        assertThat(r.get(WAIT).asInt()).as(celery.output()).isEqualTo(5);
      }
    }
  }

  /** The first byte of a stored result: a msgpack map (0x80-0x8f) or a JSON object ({). */
  static int firstByteOfStoredResult(String id) {
    try (redis.clients.jedis.RedisClient r = redis.clients.jedis.RedisClient.create(BACKEND)) {
      byte[] raw = r.get(("celery-task-meta-" + id).getBytes(StandardCharsets.UTF_8));
      return raw == null ? -1 : raw[0] & 0xff;
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class MsgpackResults {
    final String jvmQueue = "it.formats.results.jvm." + UUID.randomUUID();
    final String pyQueue = "it.formats.results.py." + UUID.randomUUID();
    Fennel app;
    Worker worker;
    Proc celery;

    @BeforeAll
    void startBoth() {
      requireAll();
      app =
          fennel(
              Map.of(
                  "accept_content", "json,msgpack",
                  "result_serializer", "msgpack",
                  "result_accept_content", "json,msgpack"));
      worker = CeleryFormatsInteropTest.start(app, jvmQueue);
      celery =
          Python.worker(
              Map.of("FENNEL_IT_RESULT_SERIALIZER", "msgpack"),
              Services.RABBIT_URL,
              BACKEND,
              pyQueue,
              "py-results-" + UUID.randomUUID() + "@%h");
    }

    @AfterAll
    void stopAll() throws InterruptedException {
      if (celery != null) {
        celery.close();
      }
      stop(app, worker, jvmQueue);
    }

    @Test
    void givenResultSerializerMsgpackWhenAFennelWorkerStoresThenPythonReadsTheMsgpackResult()
        throws Exception {
      try (Proc py =
          Python.script(
              Services.RABBIT_URL,
              BACKEND,
              "send_formats.py",
              "demo.add",
              jvmQueue,
              "[2, 3]",
              "msgpack",
              "none",
              "2",
              "-",
              "msgpack")) {
        assertThat(py.waitFor(WAIT)).as(py.output()).isZero();
        JsonNode out = lastJsonLine(py);
        assertThat(out.get("result").asInt()).as(py.output()).isEqualTo(5);
        assertThat(firstByteOfStoredResult(out.get("id").asText())).isBetween(0x80, 0x8f);
      }
    }

    @Test
    void givenAPythonWorkerWritingMsgpackResultsWhenAFennelClientWaitsThenItReadsThem() {
      AsyncResult r =
          app.sendTask(
              "demo.echo",
              List.of(Map.of("k", List.of(1, "é"))),
              Map.of(),
              SendOptions.builder().queue(pyQueue).build());
      assertThat(r.get(WAIT).toString()).as(celery.output()).isEqualTo("{\"k\":[1,\"é\"]}");
      assertThat(firstByteOfStoredResult(r.id())).isBetween(0x80, 0x8f);
    }
  }
}
