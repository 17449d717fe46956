package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliReferenceTest {
  @Test
  void theCommittedCliReferenceMatchesTheProgramsHelp() throws Exception {
    Path doc = Path.of(System.getProperty("fennel.root.dir", "..")).resolve("docs/CLI.md");
    assertThat(Files.readString(doc))
        .as(
            "docs/CLI.md is out of date; regenerate it with `java -cp cli/target/fennel.jar"
                + " io.fennel.cli.CliReference > docs/CLI.md`")
        .isEqualTo(CliReference.markdown());
  }
}
