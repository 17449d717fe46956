package io.fennel.it.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.it.support.Proc;
import io.fennel.it.support.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fennel multi} on three worker nodes over real RabbitMQ: start writes pidfiles and
 * logfiles, a second start says the nodes run, stopwait waits for each warm shutdown, restart
 * brings up new processes, and a stale pidfile is cleaned; {@code worker --detach} on its own.
 */
class MultiCommandTest {
  @TempDir Path dir;
  final String queue = "it.multi." + UUID.randomUUID().toString().substring(0, 8);
  List<String> common;

  private Proc multi(String action) throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("multi", action, "w1", "w2", "w3"));
    args.addAll(common);
    Proc p = Proc.fennel("multi-" + action, Map.of(), args.toArray(String[]::new));
    assertThat(p.waitFor(Duration.ofSeconds(120))).as(p.output()).isZero();
    return p;
  }

  private long pid(String node) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("run/" + node + ".pid")).trim());
  }

  @AfterEach
  void stopAll() throws Exception {
    if (common != null) {
      Proc p = Proc.fennel("multi-kill", Map.of(), withCommon("multi", "kill", "w1", "w2", "w3"));
      p.waitFor(Duration.ofSeconds(60));
      new RabbitQueue(queue).close(); // deletes the queue the workers declared
    }
  }

  private String[] withCommon(String... head) {
    List<String> a = new ArrayList<>(List.of(head));
    a.addAll(common);
    return a.toArray(String[]::new);
  }

  @Test
  void givenThreeNodesWhenStartedStoppedAndRestartedThenPidfilesAndLogsFollow() throws Exception {
    Services.requireRabbit();
    common =
        List.of(
            "-b",
            Services.RABBIT_URL,
            "-Q",
            queue,
            "-c",
            "1",
            "-c:w2",
            "2",
            "--pidfile",
            dir.resolve("run/%n.pid").toString(),
            "--logfile",
            dir.resolve("log/%n%I.log").toString());
    Proc start = multi("start");
    assertThat(start.output()).contains("Starting node w1@", "Starting node w3@").contains("OK");
    List<Long> pids = new ArrayList<>();
    for (String n : List.of("w1", "w2", "w3")) {
      long pid = pid(n);
      pids.add(pid);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
      Path log = dir.resolve("log/" + n + ".log");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("ready;"));
    }
    assertThat(Files.readString(dir.resolve("log/w2.log"))).contains("pool:        threads x2");
    assertThat(Files.readString(dir.resolve("log/w1.log"))).contains("pool:        threads x1");

    assertThat(multi("start").output())
        .contains("w1@")
        .contains("already running (pid " + pids.get(0));

    Proc stopwait = multi("stopwait");
    assertThat(stopwait.output()).contains("SIGTERM sent (warm shutdown)").contains(" stopped");
    for (int i = 0; i < 3; i++) {
      assertThat(ProcessHandle.of(pids.get(i)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(dir.resolve("run/w" + (i + 1) + ".pid")).doesNotExist();
    }
    assertThat(Files.readString(dir.resolve("log/w3.log"))).contains("warm shutdown", "stopped.");

    Files.writeString(dir.resolve("run/w1.pid"), "999999\n"); // stale: no such process
    Proc restart = multi("restart");
    assertThat(restart.output()).contains("removed stale pidfile").contains("OK (pid");
    for (int i = 0; i < 3; i++) {
      long now = pid("w" + (i + 1));
      assertThat(now).isNotEqualTo(pids.get(i));
      assertThat(ProcessHandle.of(now).map(ProcessHandle::isAlive)).contains(true);
    }
    Proc again = multi("restart");
    assertThat(again.output()).contains("Waiting for w1@").contains(" stopped").contains("OK (pid");
    multi("stopwait");
    assertThat(dir.resolve("run/w2.pid")).doesNotExist();
  }

  @Test
  void givenWorkerDetachWhenStartedThenItReturnsWithAPidfileAndALogOfARunningWorker()
      throws Exception {
    Services.requireRabbit();
    Path pidfile = dir.resolve("run/%n.pid");
    Path logfile = dir.resolve("log/%n.log");
    Proc detach =
        Proc.fennel(
            "detach",
            Map.of(),
            "worker",
            "--detach",
            "-b",
            Services.RABBIT_URL,
            "-Q",
            queue,
            "-n",
            "solo1@%h",
            "--pidfile",
            pidfile.toString(),
            "--logfile",
            logfile.toString());
    assertThat(detach.waitFor(Duration.ofSeconds(90))).as(detach.output()).isZero();
    assertThat(detach.output()).contains("runs detached: pid");
    long pid = Long.parseLong(Files.readString(dir.resolve("run/solo1.pid")).trim());
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
    try {
      Path log = dir.resolve("log/solo1.log");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("ready;"));
      Proc again =
          Proc.fennel(
              "detach-again",
              Map.of(),
              "worker",
              "--detach",
              "-b",
              Services.RABBIT_URL,
              "-Q",
              queue,
              "-n",
              "solo1@%h",
              "--pidfile",
              pidfile.toString(),
              "--logfile",
              logfile.toString());
      assertThat(again.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(again.output()).contains("already running");
      worker.destroy(); // SIGTERM: a warm shutdown, which removes the pidfile
      worker.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !Files.exists(dir.resolve("run/solo1.pid")));
    } finally {
      worker.destroyForcibly();
      new RabbitQueue(queue).close();
    }
  }
}
