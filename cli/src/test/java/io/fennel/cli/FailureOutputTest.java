package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.result.TaskFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** How the CLI prints a task failure: traceback, then type and message, as Python does. */
class FailureOutputTest {
  private static String print(TaskFailedException e) {
    StringWriter w = new StringWriter();
    CallCommand.printFailure(new PrintWriter(w, true), e);
    return w.toString();
  }

  @Test
  void aRemoteFailureShowsTheTracebackThenTypeAndMessageLikePython() {
    String out =
        print(
            new TaskFailedException(
                "id-1",
                "FAILURE",
                "ZeroDivisionError",
                "division by zero",
                "builtins",
                "Traceback (most recent call last):\n  File \"tasks.py\", line 3\n"));
    assertThat(out.lines())
        .containsExactly(
            "Traceback (most recent call last):",
            "  File \"tasks.py\", line 3",
            "FAILURE: ZeroDivisionError: division by zero");
  }

  @Test
  void aJavaFailureNamesItsPackageAndMayHaveNoTraceback() {
    String out =
        print(
            new TaskFailedException(
                "id-2", "FAILURE", "DemoFailure", "boom", "io.fennel.demo", null));
    assertThat(out.strip()).isEqualTo("FAILURE: io.fennel.demo.DemoFailure: boom");
  }
}
