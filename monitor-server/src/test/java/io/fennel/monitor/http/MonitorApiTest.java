package io.fennel.monitor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.broker.MessageProperties;
import io.fennel.core.broker.OutgoingMessage;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.Captures;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.api.ApiJson;
import io.fennel.protocol.WireNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API on Flower's paths, fed with events captured from Celery 5.2.6. */
class MonitorApiTest {
  private static final Pattern SAMPLE =
      Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$");

  private final ManualScheduler scheduler =
      new ManualScheduler(Instant.ofEpochSecond(1_795_503_010L));
  private final MemoryBroker broker = new MemoryBroker();
  private final RecordingCommands commands = new RecordingCommands();
  private final HttpClient http = HttpClient.newHttpClient();
  private Monitor monitor;
  private List<Captures.Message> sent;

  @BeforeEach
  void start() {
    broker.declareQueue(QueueSpec.task("celery"));
    monitor =
        Monitor.start(
            MonitorOptions.builder()
                .broker(broker)
                .port(0)
                .scheduler(scheduler)
                .commands(commands)
                .build());
    sent = new ArrayList<>();
    Captures.timelines().forEach(t -> sent.addAll(t.messages()));
    sent.addAll(Captures.workerMessages());
    Captures.publish(broker, sent);
    int events = Captures.eventCount(sent);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> monitor.receiver().ingestedCount() == events);
  }

  @AfterEach
  void stop() {
    monitor.close();
    broker.close();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postJson(String path, String json)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return ApiJson.MAPPER.readTree(r.body());
  }

  @Test
  void capturedTasksAreListedWithFlowersShape() throws Exception {
    HttpResponse<String> r = get("/api/tasks");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode tasks = json(r);
    for (Captures.Timeline t : Captures.timelines()) {
      assertThat(tasks.has(t.taskId())).as(t.file()).isTrue();
    }
    JsonNode fail = tasks.get("d751d996-47ed-49ce-acc5-8cd113e6fe22");
    assertThat(fail.get("state").asText()).isEqualTo("FAILURE");
    assertThat(fail.get("name").asText()).isEqualTo("demo.fail");
    assertThat(fail.get("worker").asText()).isEqualTo("wire@vm");
  }

  @Test
  void tasksFilterSortAndPage() throws Exception {
    JsonNode failed = json(get("/api/tasks?state=FAILURE"));
    assertThat(failed.size()).isEqualTo(2);
    JsonNode named = json(get("/api/tasks?taskname=demo.retry"));
    assertThat(named.size()).isEqualTo(1);
    JsonNode paged = json(get("/api/tasks?limit=2&offset=1&sort_by=-received"));
    assertThat(paged.size()).isEqualTo(2);
    JsonNode searched = json(get("/api/tasks?search=ok-after-retry"));
    assertThat(searched.size()).isEqualTo(1);
    JsonNode none = json(get("/api/tasks?received_start=2100-01-01T00:00:00Z"));
    assertThat(none.size()).isZero();
    JsonNode all = json(get("/api/tasks?received_start=2020-01-01%2000:00&workername=wire@vm"));
    assertThat(all.size()).isGreaterThan(5);
  }

  @Test
  void badQueryValuesAreNamedIn400s() throws Exception {
    HttpResponse<String> r = get("/api/tasks?state=BOGUS");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("BOGUS");
    r = get("/api/tasks?sort_by=-nonsense");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("-nonsense");
    r = get("/api/tasks?limit=-3");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("-3");
    r = get("/api/tasks?received_end=yesterday");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("yesterday");
  }

  @Test
  void taskInfoHasTheTimelineAndUnknownIdsAre404() throws Exception {
    JsonNode info = json(get("/api/task/info/1e480d85-85de-43a9-9f89-a4b4cbb3f38c"));
    assertThat(info.get("state").asText()).isEqualTo("SUCCESS");
    assertThat(info.get("retries").asInt()).isEqualTo(1);
    assertThat(info.get("events").size()).isEqualTo(8);
    HttpResponse<String> r = get("/api/task/info/no-such-id");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).contains("no-such-id");
    JsonNode result = json(get("/api/task/result/d751d996-47ed-49ce-acc5-8cd113e6fe22"));
    assertThat(result.get("state").asText()).isEqualTo("FAILURE");
    assertThat(result.get("traceback").asText()).contains("boom");
    assertThat(get("/api/task/result/nope").statusCode()).isEqualTo(404);
    JsonNode types = json(get("/api/task/types"));
    assertThat(types.get("task-types").toString()).contains("demo.add", "demo.fail");
  }

  @Test
  void workersAreListedAndUnknownWorkersAre404() throws Exception {
    JsonNode workers = json(get("/api/workers"));
    JsonNode w = workers.get("wire@vm");
    assertThat(w).isNotNull();
    assertThat(w.get("sw_ident").asText()).isEqualTo("py-celery");
    assertThat(w.get("freq").asDouble()).isEqualTo(2.0);
    HttpResponse<String> r = post("/api/worker/shutdown/nobody@host", "");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText())
        .isEqualTo("unknown worker 'nobody@host'; known: [wire@vm]");
    assertThat(json(get("/api/workers?status=true")).get("wire@vm").isBoolean()).isTrue();
  }

  @Test
  void controlEndpointsGoThroughWorkerCommands() throws Exception {
    assertThat(post("/api/task/revoke/abc", "terminate=true&signal=SIGKILL").statusCode())
        .isEqualTo(200);
    assertThat(
            post("/api/task/rate-limit/demo.add", "ratelimit=10/m&workername=wire@vm").statusCode())
        .isEqualTo(200);
    assertThat(postJson("/api/task/timeout/demo.add", "{\"soft\": 5, \"hard\": 10}").statusCode())
        .isEqualTo(200);
    assertThat(post("/api/worker/shutdown/wire@vm", "").statusCode()).isEqualTo(200);
    assertThat(post("/api/worker/pool/grow/wire@vm", "n=2").statusCode()).isEqualTo(200);
    assertThat(post("/api/worker/pool/shrink/wire@vm", "").statusCode()).isEqualTo(200);
    assertThat(post("/api/worker/pool/autoscale/wire@vm", "max=5&min=1").statusCode())
        .isEqualTo(200);
    HttpResponse<String> add = post("/api/worker/queue/add-consumer/wire@vm", "queue=images");
    assertThat(json(add).get("wire@vm").get("ok").asText())
        .isEqualTo("add_consumer wire@vm images");
    assertThat(post("/api/worker/queue/cancel-consumer/wire@vm", "queue=images").statusCode())
        .isEqualTo(200);
    assertThat(commands.calls)
        .contains(
            "heartbeat",
            "revoke abc true SIGKILL",
            "rate_limit wire@vm demo.add 10/m",
            "time_limit null demo.add 5.0 10.0",
            "shutdown wire@vm",
            "pool_grow wire@vm 2",
            "pool_shrink wire@vm 1",
            "autoscale wire@vm 5 1",
            "cancel_consumer wire@vm images");
  }

  @Test
  void badControlInputIsNamedIn400s() throws Exception {
    HttpResponse<String> r = post("/api/task/rate-limit/demo.add", "ratelimit=fast");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("'fast'");
    r = post("/api/worker/pool/grow/wire@vm", "n=zero");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("zero");
    r = post("/api/worker/pool/autoscale/wire@vm", "max=1&min=4");
    assertThat(r.statusCode()).isEqualTo(400);
    r = post("/api/worker/queue/add-consumer/wire@vm", "");
    assertThat(r.statusCode()).isEqualTo(400);
    r = postJson("/api/task/async-apply/demo.add", "{\"args\": {\"x\": 1}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("args");
    r = post("/api/task/timeout/demo.add", "soft=abc");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("abc");
  }

  @Test
  void asyncApplySendsTheTaskToItsQueue() throws Exception {
    HttpResponse<String> r =
        postJson(
            "/api/task/async-apply/demo.add",
            "{\"args\": [2, 3], \"options\": {\"queue\": \"api.test\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("task-id").asText()).isNotBlank();
    assertThat(body.get("state").asText()).isEqualTo("PENDING");
    assertThat(broker.queueStats("api.test").orElseThrow().messages()).isEqualTo(1);
  }

  @Test
  void queueLengthsComeFromTheBroker() throws Exception {
    scheduler.advance(Duration.ofSeconds(5));
    JsonNode q = json(get("/api/queues/length"));
    assertThat(q.get("active_queues").toString()).contains("\"name\":\"celery\"");
  }

  @Test
  void metricsAreValidPrometheusTextWithFlowersNames() throws Exception {
    scheduler.advance(Duration.ofSeconds(5));
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    double eventsTotal = 0;
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      assertThat(line).matches(SAMPLE);
      if (line.startsWith("flower_events_total{")) {
        eventsTotal += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    long taskEvents =
        sent.stream()
            .flatMap(m -> io.fennel.protocol.event.EventCodec.decode(m.body()).stream())
            .filter(e -> e.type().startsWith("task-"))
            .count();
    assertThat(eventsTotal).isEqualTo((double) taskEvents);
    assertThat(r.body())
        .contains(
            "flower_worker_online{worker=\"wire@vm\"}",
            "flower_worker_number_of_currently_executing_tasks{worker=\"wire@vm\"}",
            "flower_task_runtime_seconds_count{task=\"demo.add\",worker=\"wire@vm\"}",
            "fennel_queue_depth{queue=\"celery\"}",
            "fennel_tasks{state=\"SUCCESS\"}",
            "fennel_monitor_events_ingested_total",
            "fennel_monitor_event_lag_seconds");
  }

  @Test
  void consoleFiguresCountWhatWasIngestedKeptAndRefused() throws Exception {
    broker.publish(
        new OutgoingMessage(
            WireNames.EVENT_EXCHANGE,
            "task.sent",
            MessageProperties.json(Map.of("hostname", "bad@vm"), MessageProperties.TRANSIENT),
            "not json".getBytes(StandardCharsets.UTF_8)));
    await().atMost(Duration.ofSeconds(10)).until(() -> monitor.receiver().malformedCount() == 1);
    JsonNode c = json(get("/api/console"));
    assertThat(c.get("events_ingested").asLong()).isEqualTo(Captures.eventCount(sent));
    assertThat(c.get("events_malformed").asLong()).isEqualTo(1);
    assertThat(c.get("tasks_kept").asInt())
        .isGreaterThanOrEqualTo(Captures.timelines().size())
        .isEqualTo(monitor.state().taskCount());
    assertThat(c.get("limits").get("max_tasks").asInt()).isPositive();
  }

  @Test
  void healthcheckAndOverviewPage() throws Exception {
    assertThat(get("/healthcheck").body()).isEqualTo("OK");
    HttpResponse<String> page = get("/");
    assertThat(page.body()).contains("<h1>Overview</h1>", "/tasks", "in memory only");
    assertThat(monitor.historyEnabled()).isFalse();
    HttpResponse<String> missing = get("/api/nothing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").asText()).contains("/api/nothing");
  }
}
