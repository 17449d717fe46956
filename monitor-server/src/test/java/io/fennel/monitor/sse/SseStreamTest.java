package io.fennel.monitor.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.broker.memory.MemoryBroker;
import io.fennel.core.time.ManualScheduler;
import io.fennel.monitor.Captures;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The event stream end to end: a real SSE client sees task and worker changes as they happen. */
class SseStreamTest {

  @Test
  void aBrowserOnTheStreamReceivesTaskUpdates() throws Exception {
    ManualScheduler scheduler = new ManualScheduler(Instant.ofEpochSecond(1_795_503_010L));
    try (MemoryBroker broker = new MemoryBroker();
        Monitor monitor =
            Monitor.start(
                MonitorOptions.builder().broker(broker).port(0).scheduler(scheduler).build())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + monitor.port() + "/api/events/stream"))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          Thread.ofVirtual()
              .start(() -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (Exception e) {
                  // closed at the end of the test
                }
              });
      await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: hello"));
      Captures.Timeline success =
          Captures.timelines().stream()
              .filter(t -> t.file().equals("success_demo.add.json"))
              .findFirst()
              .orElseThrow();
      Captures.publish(broker, success.messages());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() ->
              lines.stream()
                  .anyMatch(l ->
                      l.startsWith("data: ")
                          && l.contains(success.taskId())
                          && l.contains("\"state\":\"SUCCESS\"")));
      assertThat(lines).contains("event: task");
      reader.interrupt();
    }
  }
}
