package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.cli.FennelCommand;
import io.fennel.it.support.Proc;
import io.fennel.it.support.Python;
import io.fennel.it.support.Services;
import io.fennel.protocol.PythonJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Fennel's {@code inspect}, {@code control} and {@code status} commands, run in-process, steering a
 * Python Celery 5.2.6 worker over RabbitMQ: Celery's pidbox understands Fennel's requests and
 * Fennel's CLI reads Celery's replies.
 */
class CliAgainstCeleryWorkerTest {
  static final String BACKEND = "redis://127.0.0.1:6379/14";
  static final Duration WAIT = Duration.ofSeconds(60);

  final String queue = "it.cli." + UUID.randomUUID();
  final String node = "py-cli-" + UUID.randomUUID().toString().substring(0, 8) + "@it";
  Proc celery;

  @BeforeEach
  void startCeleryWorker() {
    Services.requireRabbit();
    Services.requireRedis();
    Services.requireCelery();
    celery = Python.worker(Services.RABBIT_URL, BACKEND, queue, node);
    await().atMost(WAIT).until(() -> celery.output().contains(" ready.") || !celery.isAlive());
    assertThat(celery.isAlive()).as(celery.output()).isTrue();
  }

  @AfterEach
  void stop() {
    if (celery != null) {
      celery.close();
    }
  }

  /** The output, error output and exit code of {@code fennel ARGS -b RABBIT -d node -t 5}. */
  record Run(int code, String out, String err) {}

  private Run fennel(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-b", Services.RABBIT_URL, "-d", node, "-t", "5"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = FennelCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void inspectPingAsJsonGetsPongFromTheCeleryWorker() {
    Run r = fennel("inspect", "ping", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode replies = PythonJson.read("output", r.out().strip());
    assertThat(replies.get(node).get("ok").asText()).as(r.out()).isEqualTo("pong");
  }

  @Test
  void controlRateLimitIsSetOnTheCeleryWorker() {
    Run r = fennel("control", "rate_limit", "demo.add", "10/s");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "-> "
                + node
                + ": OK"
                + System.lineSeparator()
                + "    new rate limit set successfully"
                + System.lineSeparator());

    Run registered = fennel("inspect", "registered", "rate_limit");
    assertThat(registered.code()).as(registered.err()).isZero();
    assertThat(registered.out()).contains("    * demo.add [rate_limit=10/s]");
  }

  @Test
  void inspectRegisteredListsTheCeleryWorkersTasks() {
    Run r = fennel("inspect", "registered");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("-> " + node + ": OK")
        .contains("    * demo.add", "    * demo.fail", "    * demo.sleep", "1 node online.");
  }

  @Test
  void inspectStatsAndStatusSeeTheCeleryWorker() {
    Run stats = fennel("inspect", "stats", "--json");
    assertThat(stats.code()).as(stats.err()).isZero();
    JsonNode s = PythonJson.read("output", stats.out().strip()).get(node);
    assertThat(s.get("pid").asLong()).isEqualTo(celery.pid());
    assertThat(s.get("pool").get("max-concurrency").asInt()).isEqualTo(2);

    Run status = fennel("status");
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("-> " + node + ": OK", "1 node online.");
  }

  @Test
  void anErrorReplyFromTheCeleryWorkerExitsOne() {
    Run r = fennel("control", "rate_limit", "no.such.task", "1/s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("-> " + node + ": ERROR").contains("unknown task");
  }
}
