package io.fennel.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fennel.core.producer.SendOptions;
import io.fennel.monitor.state.TaskView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's metrics files in {@code docker/} (Prometheus alert rules, Grafana dashboard) pass
 * {@code promtool} and name only metrics a real console serves, and {@code /metrics} itself passes
 * {@code promtool check metrics}. Not a browser test; it shares the browser tests' fixture.
 */
class ConsoleMetricsFilesTest {
  static final Path ROOT = Path.of(System.getProperty("fennel.root.dir", "..")).toAbsolutePath();
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  static final Path RULES = ROOT.resolve("docker/prometheus/fennel-alerts.yml");
  static final Path DASHBOARD = ROOT.resolve("docker/grafana/fennel-dashboard.json");
  static final Pattern METRIC = Pattern.compile("\\b((?:flower|fennel)_[a-z0-9_]+)");

  static ConsoleFixture fx;
  static String metrics;

  @BeforeAll
  static void startConsole() throws Exception {
    fx = new ConsoleFixture(b -> b);
    for (String task : List.of("demo.add", "demo.fail")) {
      String id =
          fx.app
              .sendTask(
                  task,
                  task.equals("demo.add") ? List.of(1, 2) : List.of("for the metrics"),
                  Map.of(),
                  SendOptions.builder().build())
              .id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() ->
              fx.monitor.state().task(id).map(TaskView::failed).isPresent()
                  || fx.monitor.state().task(id).map(TaskView::succeeded).isPresent());
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> {
          String s = fx.monitor.metrics().scrape();
          return s.contains("fennel_queue_depth{") && s.contains("flower_worker_prefetched_tasks{");
        });
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fx.url("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    metrics = r.body();
  }

  @AfterAll
  static void stopConsole() {
    if (fx != null) {
      fx.close();
    }
  }

  private static void requirePromtool() {
    if (Files.isExecutable(PROMTOOL)) {
      return;
    }
    String message = "promtool is not installed; install it with `apt-get install prometheus`";
    if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  private static String promtool(byte[] stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin);
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s:%n%s", args, out).isZero();
    return out;
  }

  private static Set<String> served() {
    Set<String> names = new TreeSet<>();
    for (String line : metrics.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String name = line.split("[{ ]", 2)[0];
        names.add(name);
        names.add(name.replaceAll("_(bucket|count|sum)$", ""));
      }
    }
    return names;
  }

  private static Set<String> named(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void givenTheAlertRulesWhenPromtoolChecksThemThenTheyPass() throws Exception {
    requirePromtool();
    assertThat(promtool(null, "check", "rules", RULES.toString())).contains("SUCCESS");
  }

  @Test
  void givenARunningConsoleWhenPromtoolChecksItsMetricsThenTheyPass() throws Exception {
    requirePromtool();
    promtool(metrics.getBytes(StandardCharsets.UTF_8), "check", "metrics");
    assertThat(metrics)
        .containsPattern(
            "flower_events_total\\{task=\"demo.add\",type=\"task-succeeded\",worker=\"")
        .containsPattern("flower_task_runtime_seconds_count\\{task=\"demo.add\",worker=\"")
        .containsPattern("flower_worker_prefetched_tasks\\{task=\"demo\\.(add|fail)\",worker=\"");
  }

  @Test
  void givenTheDashboardAndRulesWhenReadThenEveryMetricTheyNameIsServed() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertThat(dashboard.get("panels")).isNotEmpty();
    StringBuilder exprs = new StringBuilder();
    dashboard
        .get("panels")
        .forEach(p ->
            p.path("targets").forEach(t -> exprs.append(t.path("expr").asText()).append('\n')));
    Set<String> wanted = named(exprs + Files.readString(RULES));
    assertThat(wanted).contains("flower_events_total", "fennel_queue_depth");
    assertThat(served()).containsAll(wanted);
  }
}
