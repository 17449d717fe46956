package io.fennel.monitor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import io.fennel.monitor.MonitorOptionsBuilder;
import io.fennel.monitor.api.ApiJson;
import io.fennel.monitor.metrics.MonitorMetrics;
import io.fennel.monitor.sse.SseHub;
import io.fennel.monitor.state.ClusterState;
import io.fennel.monitor.state.LiveClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an attacker or a careless script sends the API is turned down with a clear answer. */
class HostileRequestsTest {
  private final ManualScheduler scheduler =
      new ManualScheduler(Instant.ofEpochSecond(1_795_503_010L));
  private final MemoryBroker broker = new MemoryBroker();
  private final HttpClient http = HttpClient.newHttpClient();
  private Monitor monitor;

  private void start(UnaryOperator<MonitorOptionsBuilder> edit) {
    monitor =
        Monitor.start(
            edit.apply(
                    MonitorOptions.builder()
                        .broker(broker)
                        .port(0)
                        .scheduler(scheduler)
                        .commands(new FailingCommands()))
                .build());
  }

  @AfterEach
  void stop() {
    if (monitor != null) {
      monitor.close();
    }
    broker.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.port() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void givenAnAbsurdLimitWhenTasksAreListedThenA400NamesTheMaximum() throws Exception {
    start(b -> b);
    HttpResponse<String> r = get("/api/tasks?sort_by=name&limit=1000000000");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(ApiJson.MAPPER.readTree(r.body()).get("error").asText())
        .contains("limit must be at most 10000", "was 1000000000");
    assertThat(get("/api/tasks?limit=99999999999999").statusCode()).isEqualTo(400);
    assertThat(get("/api/tasks?sort_by=name&limit=10000&offset=2000000000").statusCode())
        .isEqualTo(200);
  }

  @Test
  void givenTheApiAndMetricsWhenAnsweredThenTheyAreNeverCachedNorSniffed() throws Exception {
    start(b -> b);
    for (String path : new String[] {"/api/tasks", "/metrics", "/api/workers", "/api/nothing"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
  }

  @Test
  void givenAJavaErrorOrAnExceptionWhenAnEndpointFailsThenThe500CarriesAnIdTheLogShows()
      throws Exception {
    start(b -> b);
    Logger logger = (Logger) LoggerFactory.getLogger(ServerErrors.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      for (String path : new String[] {"/api/task/revoke/t1", "/api/worker/shutdown/x"}) {
        HttpResponse<String> r =
            path.contains("revoke") ? post(path) : post("/api/task/timeout/demo.add?soft=1");
        assertThat(r.statusCode()).as(path).isEqualTo(500);
        JsonNode body = ApiJson.MAPPER.readTree(r.body());
        String id = body.get("error_id").asText();
        assertThat(id).hasSize(8);
        assertThat(body.get("error").asText()).contains(id);
        assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(id));
      }
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void givenRepeatedWrongPasswordsWhenOneMoreComesThenItGets429AndTheLogNamesTheSource()
      throws Exception {
    start(b -> b.basicAuth("ann:pw-one,bob:pw-two"));
    String wrong =
        "Basic " + Base64.getEncoder().encodeToString("ann:nope".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 10; i++) {
      assertThat(get("/api/workers", "Authorization", wrong).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> throttled = get("/api/workers", "Authorization", wrong);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();

    scheduler.advance(Duration.ofMinutes(6));
    String bob =
        "Basic "
            + Base64.getEncoder().encodeToString("bob:pw-two".getBytes(StandardCharsets.UTF_8));
    assertThat(get("/api/workers", "Authorization", bob).statusCode()).isEqualTo(200);
  }

  @Test
  void givenNoAuthWhenAskedToListenOnEveryInterfaceThenTheConsoleRefusesToStart() {
    assertThatThrownBy(() -> start(b -> b.address("0.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0 without authentication")
        .hasMessageContaining("--no-auth");
  }

  @Test
  void givenNoAuthOnPurposeWhenAskedToListenOnEveryInterfaceThenItStartsAndWarnsTruthfully()
      throws Exception {
    start(b -> b.address("0.0.0.0").allowOpen(true));
    assertThat(monitor.url()).startsWith("http://0.0.0.0:");
    assertThat(get("/").body()).contains("anyone who can reach this port can act");
  }

  @Test
  void givenAClientTricklingItsRequestHeadWhenTheDeadlinePassesThenTheConnectionIsClosed()
      throws Exception {
    ClusterState state = new ClusterState(10, LiveClock.of(scheduler));
    ConsoleServices services =
        new ConsoleServices(
            state,
            null,
            new MonitorMetrics(state, null),
            new SseHub(state, 10),
            new FailingCommands(),
            () -> null,
            null,
            true);
    ServerSettings settings =
        new ServerSettings(
            "127.0.0.1", 0, null, null, "", Duration.ofSeconds(30), Duration.ofMillis(300));
    try (MonitorHttp server = MonitorHttp.start(services, settings, null);
        Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET /healthcheck HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      s.setSoTimeout(10_000);
      long started = System.nanoTime();
      int read = in.read();
      assertThat(read).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  /** Commands that fail as a broken dependency would: with an Error and an exception. */
  private static final class FailingCommands extends RecordingCommands {
    @Override
    public JsonNode revoke(String taskId, boolean terminate, String signal) {
      throw new AssertionError("simulated Java error in revoke");
    }

    @Override
    public JsonNode timeLimit(String worker, String taskName, Double soft, Double hard) {
      throw new IllegalStateException("simulated failure in time_limit");
    }
  }
}
