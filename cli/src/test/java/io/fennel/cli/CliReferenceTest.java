package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CLI reference (docs/CLI.md) stays what the program prints as help. */
class CliReferenceTest {
  @Test
  void theCommittedCliReferenceMatchesTheProgramsHelp() throws Exception {
    Path doc = Path.of(System.getProperty("fennel.root.dir", "..")).resolve("docs/CLI.md");
    String current = CliReference.markdown();
    Path fresh = Path.of("target", "CLI.md");
    Files.writeString(fresh, current);
    assertThat(Files.readString(doc))
        .as("docs/CLI.md is out of date; refresh it with `cp cli/target/CLI.md docs/CLI.md`")
        .isEqualTo(current);
  }
}
