package io.fennel.monitor.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.broker.QueueSpec;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.Captures;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.MonitorOptionsBuilder;
import io.fennel.monitor.api.ApiJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fleet pages (overview's worker table, task types, timeline) and serving under a prefix. */
class FleetPagesTest {
  private final ManualScheduler scheduler =
      new ManualScheduler(Instant.ofEpochSecond(1_795_503_010L));
  private final MemoryBroker broker = new MemoryBroker();
  private final HttpClient http = HttpClient.newHttpClient();
  private Monitor monitor;

  private void start(UnaryOperator<MonitorOptionsBuilder> edit) {
    broker.declareQueue(QueueSpec.task("celery"));
    monitor =
        Monitor.start(
            edit.apply(MonitorOptions.builder().broker(broker).port(0).scheduler(scheduler))
                .build());
    List<Captures.Message> sent = new ArrayList<>();
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

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void givenCapturedEventsWhenTheOverviewOpensThenItHasAPerWorkerTable() throws Exception {
    start(b -> b);
    String page = get("/").body();
    assertThat(page).contains("id=\"worker-table\"", "data-worker=\"wire@vm\"");
    JsonNode w = ApiJson.MAPPER.readTree(get("/api/workers").body()).get("wire@vm");
    assertThat(w.get("succeeded").asLong()).isPositive();
    assertThat(w.get("failed").asLong()).isPositive();
  }

  @Test
  void givenCapturedEventsWhenTaskTypesAreAskedThenCountsRatesAndPercentilesAreShown()
      throws Exception {
    start(b -> b);
    assertThat(get("/types").body()).contains("data-type=\"demo.add\"", "Failure rate");
    JsonNode add = ApiJson.MAPPER.readTree(get("/api/task/stats").body()).get("demo.add");
    assertThat(add.get("count").asLong()).isPositive();
    assertThat(add.get("runtime").get("p50").isNumber()).isTrue();
    assertThat(get("/metrics").body())
        .contains("fennel_task_stats_runtime_p50_seconds{task=\"demo.add\"}");
  }

  @Test
  void givenCapturedEventsWhenTheTimelineOpensThenItIsSeededWithTheTasksThatReachedAWorker()
      throws Exception {
    start(b -> b);
    String page = get("/timeline").body();
    assertThat(page)
        .contains("id=\"timeline-canvas\"", "timeline.js", "d751d996-47ed-49ce-acc5-8cd113e6fe22");
  }

  @Test
  void givenAUrlPrefixWhenServedThenPagesAssetsApiAndStreamLiveUnderIt() throws Exception {
    start(b -> b.urlPrefix("/ops/"));
    HttpResponse<String> page = get("/ops/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "href=\"/ops/tasks\"",
            "src=\"/ops/static/js/overview.js\"",
            "content=\"/ops\"",
            "href=\"/ops/webjars/uplot/");
    assertThat(get("/ops/api/tasks").statusCode()).isEqualTo(200);
    assertThat(get("/ops/static/js/live.js").statusCode()).isEqualTo(200);
    assertThat(get("/ops/healthcheck").body()).isEqualTo("OK");
    assertThat(get("/api/tasks").statusCode()).isEqualTo(404);
    assertThat(monitor.url()).endsWith("/ops/");
  }
}
