package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fennel.core.beat.EntryState;
import io.fennel.core.beat.FileScheduleStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fennel beat} refusing bad entries, and {@code fennel worker -B} running its entries. */
class BeatCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  @Test
  void givenABadEntryWhenBeatStartsThenItExitsOneNamingEntryValueAndRule() throws Exception {
    Path config = dir.resolve("f.properties");
    Files.writeString(
        config, "beat_schedule.bad.task=demo.add\nbeat_schedule.bad.schedule=*/0 * * * *\n");
    assertThat(cli.execute("beat", "--config", config.toString(), "-b", "memory://x")).isEqualTo(1);
    assertThat(cli.err())
        .startsWith("fennel: beat entry 'bad': beat_schedule.bad.schedule=*/0 * * * *")
        .contains("a step must be >= 1");
  }

  @Test
  void givenNoEntriesWhenBeatStartsThenItSaysHowToAddThem() {
    assertThat(cli.execute("beat", "-b", "memory://x", "-s", dir.resolve("s.json").toString()))
        .isEqualTo(1);
    assertThat(cli.err()).contains("no beat entries: add beat_schedule.NAME.task");
  }

  @Test
  void givenAWorkerWithBeatWhenAnEntryIsDueThenTheWorkerRunsItAndKeepsItsPidfile()
      throws Exception {
    String url = "memory://worker-beat-" + UUID.randomUUID();
    Path config = dir.resolve("f.properties");
    Path store = dir.resolve("beat.json");
    Files.writeString(
        config,
        "beat_schedule.add.task=demo.add\nbeat_schedule.add.schedule=0.5\n"
            + "beat_schedule.add.args=[2, 3]\nbeat_schedule_filename="
            + store
            + "\n");
    WorkerCommand command = cli.commandLine.getSubcommands().get("worker").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() ->
            cli.execute(
                "worker",
                "-b",
                url,
                "--config",
                config.toString(),
                "-B",
                "-n",
                "wb@%h",
                "--pidfile",
                dir.resolve("%n.pid").toString()));
    assertThat(command.awaitStarted(Duration.ofSeconds(10))).as(cli.err()).isTrue();
    assertThat(Files.readString(dir.resolve("wb.pid")).trim())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    try (FileScheduleStore s = new FileScheduleStore(store, Clock.systemUTC())) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> {
            EntryState st = s.states(List.of("add")).get("add");
            return st != null && st.totalRuns() >= 2 && st.pendingTaskId() == null;
          });
    }
    assertThat(cli.out()).contains(". add: demo.add every 0.5 seconds");
    command.requestStop();
    assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(dir.resolve("wb.pid")).doesNotExist();
  }
}
