package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.Fennel;
import io.fennel.core.error.FennelException;
import io.fennel.core.task.Task;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code --app CLASS} finds a class and registers its tasks, and what it says when it cannot.
 */
class AppLoaderTest {
  private final Fennel app = Fennel.builder().brokerUrl("memory://loader").build();
  private static final CliEnvironment NO_ENV =
      new CliEnvironment(Map.of(), new ByteArrayInputStream(new byte[0]));

  @AfterEach
  void close() {
    app.close();
  }

  /** Loaded through {@code public static void define(Fennel)}. */
  public static final class StaticDefine {
    public static void define(Fennel app) {
      app.register("static.define", call -> "ok");
    }
  }

  /** Loaded through its static {@code @Task} methods. */
  public static final class StaticTasks {
    @Task(name = "static.task")
    public static int one() {
      return 1;
    }
  }

  /** Loaded through an instance made with its no-argument constructor. */
  public static final class InstanceTasks {
    @Task(name = "instance.task")
    public int two() {
      return 2;
    }
  }

  /** Offers nothing. */
  public static final class NoTasks {
    public void notATask() {}
  }

  /** Implements the interface but registers nothing. */
  public static final class DefinesNothing implements FennelApp {
    @Override
    public void define(Fennel app) {}
  }

  @Test
  void theDemoAppIsTheDefaultAndRegistersEveryDemoTask() {
    AppLoader.define(app, WorkerCommand.DEFAULT_APP, NO_ENV);
    assertThat(app.unsafe().registry().names())
        .contains("demo.add", "demo.mul", "demo.sleep", "demo.fail", "demo.flaky", "demo.echo");
  }

  @Test
  void aClassWithAStaticDefineMethodIsCalled() {
    AppLoader.define(app, StaticDefine.class.getName(), NO_ENV);
    assertThat(app.unsafe().registry().names()).containsExactly("static.define");
  }

  @Test
  void aClassWithStaticTaskMethodsIsRegisteredDirectly() {
    AppLoader.define(app, StaticTasks.class.getName(), NO_ENV);
    assertThat(app.unsafe().registry().names()).containsExactly("static.task");
  }

  @Test
  void aClassWithInstanceTaskMethodsIsInstantiated() {
    AppLoader.define(app, InstanceTasks.class.getName(), NO_ENV);
    assertThat(app.unsafe().registry().names()).containsExactly("instance.task");
  }

  @Test
  void aNestedClassMayBeNamedWithDots() {
    AppLoader.define(app, AppLoaderTest.class.getName() + ".StaticTasks", NO_ENV);
    assertThat(app.unsafe().registry().names()).containsExactly("static.task");
  }

  @Test
  void aMissingClassSaysWhatWasTriedAndHowToAddItsJar() {
    assertThatThrownBy(() -> AppLoader.define(app, "com.example.Tasks.Missing", NO_ENV))
        .isInstanceOf(FennelException.class)
        .hasMessage(
            "class com.example.Tasks.Missing not found on the classpath (tried:"
                + " com.example.Tasks.Missing, com.example.Tasks$Missing); put its jar on the"
                + " classpath with FENNEL_CLASSPATH or java -cp");
  }

  @Test
  void aClassWithoutTasksSaysHowToDeclareThem() {
    assertThatThrownBy(() -> AppLoader.define(app, NoTasks.class.getName(), NO_ENV))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("defines no tasks")
        .hasMessageContaining("implement io.fennel.cli.FennelApp")
        .hasMessageContaining("public static void define(Fennel app)")
        .hasMessageContaining("@Task");
  }

  @Test
  void anAppThatRegistersNothingIsAnError() {
    assertThatThrownBy(() -> AppLoader.define(app, DefinesNothing.class.getName(), NO_ENV))
        .isInstanceOf(FennelException.class)
        .hasMessageContaining("registered no tasks");
  }

  @Test
  void aClassOnFennelClasspathIsFound(@TempDir Path dir) throws IOException {
    Path src = dir.resolve("src/ext/ExtraTasks.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        "package ext;\n"
            + "public class ExtraTasks {\n"
            + "  public static void define(io.fennel.core.Fennel app) {\n"
            + "    app.register(\"ext.hello\", call -> \"hello\");\n"
            + "  }\n"
            + "}\n");
    Path classes = dir.resolve("classes");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                src.toString());
    assertThat(rc).isZero();
    CliEnvironment env =
        new CliEnvironment(
            Map.of("FENNEL_CLASSPATH", classes.toString()), new ByteArrayInputStream(new byte[0]));
    AppLoader.define(app, "ext.ExtraTasks", env);
    assertThat(app.unsafe().registry().names()).containsExactly("ext.hello");
  }

  @Test
  void aMissingFennelClasspathEntryIsNamed() {
    CliEnvironment env =
        new CliEnvironment(
            Map.of("FENNEL_CLASSPATH", "/no/such/app.jar"), new ByteArrayInputStream(new byte[0]));
    assertThatThrownBy(() -> AppLoader.define(app, "com.example.App", env))
        .isInstanceOf(FennelException.class)
        .hasMessage(
            "FENNEL_CLASSPATH entry /no/such/app.jar does not exist; fix the path or remove it");
  }
}
