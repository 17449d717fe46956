package io.fennel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.it.support.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The files in docker/ stay valid and in step with the build. */
class DockerFilesTest {
  static final Path ROOT = Path.of(System.getProperty("fennel.root.dir", "..")).toAbsolutePath();

  @Test
  void theComposeFileValidates() throws Exception {
    boolean haveCompose =
        Files.isExecutable(Path.of("/usr/bin/docker-compose"))
            || Files.isExecutable(Path.of("/usr/local/bin/docker-compose"));
    if (!haveCompose) {
      String message =
          "docker-compose is not installed; install it with `apt-get install docker-compose` to"
              + " validate docker/compose.yaml";
      if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    try (Proc p =
        Proc.start(
            "docker-compose",
            List.of("docker-compose", "-f", "docker/compose.yaml", "config"),
            ROOT,
            Map.of())) {
      assertThat(p.waitFor(Duration.ofSeconds(60))).as(p.output()).isZero();
      assertThat(p.output()).contains("rabbitmq:", "redis:", "console:", "worker:");
    }
  }

  @Test
  void theDockerfileCopiesEveryModuleOfTheBuild() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    int modules = 0;
    while (m.find()) {
      modules++;
      assertThat(dockerfile).contains("COPY " + m.group(1) + " " + m.group(1));
    }
    assertThat(modules).isGreaterThanOrEqualTo(7);
    assertThat(dockerfile).contains("USER fennel").contains("-jre");
  }
}
