package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.PythonJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code fennel demo} serves the console with live tasks of every kind and stops cleanly. */
class DemoCommandTest {
  @Test
  void theDemoServesTheConsoleWithTasksOfEveryKindAndStopsCleanly() throws Exception {
    CommandLine cl = FennelCommand.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    DemoCommand demo = cl.getSubcommands().get("demo").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() ->
            cl.execute("demo", "--port", "0", "--broker", "memory://demo-test", "--rate", "20"));
    assertThat(demo.ready.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.toString()).contains("console on http://127.0.0.1:" + demo.boundPort + "/");

    HttpClient http = HttpClient.newHttpClient();
    URI tasks = URI.create("http://127.0.0.1:" + demo.boundPort + "/api/tasks?limit=1000");
    Set<String> seen = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          String body =
              http.send(HttpRequest.newBuilder(tasks).build(), HttpResponse.BodyHandlers.ofString())
                  .body();
          JsonNode all = PythonJson.read("tasks", body);
          all.forEach(t -> {
            seen.add(t.path("state").asText());
            if (t.path("retries").asInt() > 0 && t.path("state").asText().equals("SUCCESS")) {
              seen.add("RETRIED-THEN-SUCCESS");
            }
          });
          return seen.containsAll(Set.of("SUCCESS", "FAILURE", "REVOKED", "RETRIED-THEN-SUCCESS"));
        });
    String workers =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + demo.boundPort + "/api/workers"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(workers).contains("alpha@demo", "beta@demo", "gamma@demo");

    demo.stop.countDown();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("Fennel demo stopped.");
  }
}
