package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.Fennel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fennel multi show} prints each node's worker command with its own options and files,
 * {@code multi --help} prints the usage, and a plain {@code multi stop} sends SIGTERM without
 * waiting; the detached-worker round trip over RabbitMQ is in src-test's {@code MultiCommandTest}.
 */
class MultiCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();
  private final String host = Fennel.localHostname();

  /** A JVM that waits until it is stopped, standing in for a detached worker. */
  public static final class Idle {
    public static void main(String[] args) throws InterruptedException {
      new CountDownLatch(1).await();
    }
  }

  @Test
  void showPrintsOneWorkerCommandPerNodeWithItsOwnOptionsAndPidfile() {
    String pidfiles = dir.resolve("%n.pid").toString();
    int exit =
        cli.execute(
            "multi",
            "show",
            "w1",
            "w2",
            "-b",
            "memory://x",
            "-c",
            "2",
            "-c:w1",
            "4",
            "--pidfile",
            pidfiles);

    assertThat(exit).as(cli.err()).isZero();
    String[] lines = cli.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .contains(FennelCommand.class.getName() + " worker")
        .contains("w1@" + host)
        .contains("-c 4")
        .doesNotContain("-c 2")
        .contains("--pidfile " + dir.resolve("w1.pid"));
    assertThat(lines[1])
        .contains("w2@" + host)
        .contains("-c 2")
        .contains("--pidfile " + dir.resolve("w2.pid"));
    assertThat(dir.resolve("w1.pid")).doesNotExist();
  }

  @Test
  void helpPrintsTheUsageInsteadOfCallingItAnUnknownAction() {
    int exit = cli.execute("multi", "--help");

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.out()).contains("Usage: fennel multi").contains("-OPT:NAME VALUE");
    assertThat(cli.err()).doesNotContain("unknown action");
  }

  @Test
  void plainStopSendsSigtermWithoutWaitingAndALaterStopCleansTheStalePidfile() throws Exception {
    Process idle =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Idle.class.getName())
            .start();
    try {
      Path pidfile = dir.resolve("w1.pid");
      Files.writeString(pidfile, idle.pid() + "\n");
      String pidfiles = dir.resolve("%n.pid").toString();

      assertThat(cli.execute("multi", "stop", "w1", "w2", "--pidfile", pidfiles)).isZero();

      assertThat(cli.out())
          .contains(
              "> Stopping node w1@"
                  + host
                  + " (pid "
                  + idle.pid()
                  + "): SIGTERM sent (warm shutdown)")
          .contains("> w2@" + host + ": not running")
          .doesNotContain("Waiting for");
      assertThat(idle.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(idle.exitValue()).isEqualTo(143); // 128 + SIGTERM, not a kill
      assertThat(pidfile).exists(); // a worker removes its own on a warm shutdown

      CliRun again = new CliRun();
      assertThat(again.execute("multi", "stop", "w1", "--pidfile", pidfiles)).isZero();
      assertThat(again.out()).contains("not running (removed stale pidfile " + pidfile + ")");
      assertThat(pidfile).doesNotExist();
    } finally {
      idle.destroyForcibly();
    }
  }
}
