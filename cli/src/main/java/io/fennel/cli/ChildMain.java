package io.fennel.cli;

import io.fennel.core.Fennel;
import io.fennel.core.config.SettingsReader;
import io.fennel.core.worker.ProcessChild;
import java.nio.file.Path;

/**
 * The main class of a process-pool child ({@code fennel worker -P process}): it loads the same app
 * class the worker loaded (by name, so the class needs what {@code --app} needs, e.g. a public
 * no-argument constructor; tasks registered as lambdas in code that is not reachable from such a
 * class cannot run in a child) and serves its parent over stdin/stdout until the parent goes away.
 * Settings come from the environment the parent passes on ({@code FENNEL_BROKER_URL}, ...), so a
 * task can still send tasks; results and acknowledgements stay with the parent.
 */
public final class ChildMain {
  private ChildMain() {}

  public static void main(String[] args) {
    ProcessChild.protectStdout();
    if (args.length != 1) {
      System.err.println("usage: ChildMain APP_CLASS (started by fennel worker -P process)");
      System.exit(2);
    }
    int code = 0;
    CliEnvironment env = CliEnvironment.system();
    String file = env.get(BrokerOptions.CONFIG_VARIABLE);
    try (Fennel app =
        Fennel.builder()
            .config(
                SettingsReader.read(
                    file == null || file.isBlank() ? null : Path.of(file), env.variables()))
            .build()) {
      AppLoader.define(app, args[0], env);
      ProcessChild.serveStdio(app.unsafe().registry());
    } catch (Exception | Error e) {
      System.err.println("fennel process-pool child failed: " + e);
      code = 1;
    }
    System.exit(code);
  }
}
