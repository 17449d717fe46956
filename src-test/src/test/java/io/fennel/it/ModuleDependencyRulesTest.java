package io.fennel.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keeps the module rules of docs/ARCHITECTURE.md: no package cycles inside a module or between
 * modules, no module depending on one above it in the table, no module reaching into another
 * module's {@code internal} packages, each client library used only by its transport, every source
 * file opening with a sentence on what it is for, and no main file over 400 lines.
 */
class ModuleDependencyRulesTest {
  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

  /** Fennel's modules with Java code, by the packages each owns. */
  enum Module {
    PROTOCOL("io.fennel.protocol"),
    CORE("io.fennel.core"),
    AGENT("io.fennel.agent"),
    MONITOR("io.fennel.monitor"),
    CLI("io.fennel.cli", "io.fennel.demo");

    final List<String> roots;

    Module(String... roots) {
      this.roots = List.of(roots);
    }

    boolean owns(String packageName) {
      return roots.stream().anyMatch(r -> packageName.equals(r) || packageName.startsWith(r + "."));
    }

    String[] packages() {
      return roots.stream().map(r -> r + "..").toArray(String[]::new);
    }
  }

  /**
   * Files that lacked their opening sentence when this check came in, left to the engineers who
   * were editing them; the check fails for any file not listed here. Remove entries as they get
   * their sentence, and the list with the last one.
   */
  private static final List<String> STILL_WITHOUT_HEADER = List.of();

  /** Main files over 400 lines when this check came in, being split by their owners. */
  private static final List<String> STILL_OVER_400_LINES = List.of();

  private static JavaClasses classes;

  @BeforeAll
  static void importFennel() {
    // Main classes only, wherever the build put them: module directories (an IDE, mvn test) or
    // module jars (mvn verify resolves reactor modules to their jars); never test classes.
    classes =
        new ClassFileImporter()
            .withImportOption(ModuleDependencyRulesTest::isMainCode)
            .importPackages("io.fennel");
  }

  private static boolean isMainCode(Location location) {
    return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
  }

  @ParameterizedTest
  @EnumSource(Module.class)
  void everyModuleIsImportedSoNoRuleHoldsVacuously(Module module) {
    assertThat(classes.stream().filter(c -> module.owns(c.getPackageName())))
        .as("classes of %s on the test classpath", module)
        .isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(Module.class)
  void thePackagesOfAModuleFormNoCycle(Module module) {
    slices().assignedFrom(packagesOf(module)).should().beFreeOfCycles().check(classes);
  }

  @Test
  void theModulesFormNoCycle() {
    slices().matching("io.fennel.(*)..").should().beFreeOfCycles().check(classes);
  }

  /** Each package of {@code module} is a slice of its own (the root package too). */
  private static SliceAssignment packagesOf(Module module) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return module.owns(pkg) ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the packages of " + module;
      }
    };
  }

  /**
   * The wire formats need, besides Jackson: jackson-dataformat-msgpack (its factory lives in {@code
   * org.msgpack}), SnakeYAML's {@code LoaderOptions} (the YAML dataformat's document size limit)
   * and commons-compress (bzip2 compression); {@code javax..} is the JDK's (X.509 names). Nothing
   * else.
   */
  @Test
  void theProtocolDependsOnlyOnJacksonItsFormatsAndTheJdk() {
    classes()
        .that()
        .resideInAPackage("io.fennel.protocol..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.fennel.protocol..",
            "java..",
            "javax..",
            "com.fasterxml.jackson..",
            "org.msgpack.jackson.dataformat..",
            "org.yaml.snakeyaml",
            "org.apache.commons.compress.compressors.bzip2..")
        .check(classes);
  }

  @Test
  void coreDependsOnlyOnTheProtocol() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fennel.agent..", "io.fennel.monitor..", "io.fennel.cli..", "io.fennel.demo..")
        .check(classes);
  }

  @Test
  void theWorkerAgentDoesNotKnowTheConsoleOrTheCli() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.agent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fennel.monitor..", "io.fennel.cli..", "io.fennel.demo..")
        .check(classes);
  }

  @Test
  void theConsoleDoesNotKnowTheCli() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.monitor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fennel.cli..", "io.fennel.demo..")
        .check(classes);
  }

  @Test
  void theDemoAppNeedsOnlyCoreNotTheCli() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.demo..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fennel.cli..", "io.fennel.agent..", "io.fennel.monitor..")
        .check(classes);
  }

  @ParameterizedTest
  @EnumSource(Module.class)
  void noOtherModuleReachesIntoAModulesInternalPackages(Module module) {
    String[] internal = module.roots.stream().map(r -> r + "..internal..").toArray(String[]::new);
    noClasses()
        .that()
        .resideOutsideOfPackages(module.packages())
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(internal)
        .because("an internal package belongs to its module alone")
        .check(classes);
  }

  @Test
  void theWorkerKnowsNoTransportNorItsClientLibrary() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.core.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.rabbitmq..",
            "redis.clients..",
            "io.fennel.core.broker.amqp..",
            "io.fennel.core.broker.redis..",
            "io.fennel.core.broker.memory..",
            "io.fennel.core.result.redis..",
            "io.fennel.core.result.rpc..",
            "io.fennel.core.result.memory..",
            "io.fennel.core.internal..")
        .because("the worker sees brokers and backends through their SPI only")
        .check(classes);
  }

  @Test
  void onlyTheAmqpTransportUsesTheRabbitMqClient() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.fennel.core.broker.amqp..")
        .and()
        .resideInAPackage("io.fennel.core..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.rabbitmq..")
        .check(classes);
  }

  @Test
  void onlyTheRedisTransportBackendAndScheduleStoreUseJedisInCore() {
    noClasses()
        .that()
        .resideInAPackage("io.fennel.core..")
        .and()
        .resideOutsideOfPackages(
            "io.fennel.core.broker.redis..",
            "io.fennel.core.result.redis..",
            "io.fennel.core.internal.redis..")
        .and()
        .haveSimpleNameNotStartingWith("RedisScheduleStore") // beat's Redis store
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("redis.clients..", "org.apache.commons.pool2..")
        .check(classes);
  }

  @Test
  void theBrokerAndBackendSpisDependOnNoTransport() {
    noClasses()
        .that()
        .resideInAnyPackage("io.fennel.core.broker", "io.fennel.core.result")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fennel.core.broker.*..",
            "io.fennel.core.result.*..",
            "com.rabbitmq..",
            "redis.clients..")
        .because("transports are found with ServiceLoader, so the SPI packages stay leaves")
        .check(classes);
  }

  @Test
  void everySourceFileOpensWithACommentOnWhatItIsFor() throws IOException {
    Path root = repositoryRoot();
    List<String> missing;
    try (Stream<Path> files = Files.walk(root)) {
      missing =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(p -> p.matches("[^/]+/src/.*"))
              .filter(p -> !opensWithAComment(root.resolve(p)))
              .sorted()
              .toList();
    }
    assertThat(missing)
        .as(
            "files whose first line after package and imports is not a comment saying what it is for")
        .isSubsetOf(STILL_WITHOUT_HEADER);
  }

  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    Path root = repositoryRoot();
    List<String> overLong;
    try (Stream<Path> files = Files.walk(root)) {
      overLong =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(p -> p.matches("[^/]+/src/main/.*"))
              .filter(p -> lines(root.resolve(p)) > 400)
              .sorted()
              .toList();
    }
    assertThat(overLong)
        .as("main files over 400 lines (usually two concepts; split them)")
        .isSubsetOf(STILL_OVER_400_LINES);
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Whether the first line that is not blank, {@code package} or {@code import} is a comment (the
   * type's Javadoc, or a comment above the package line).
   */
  static boolean opensWithAComment(Path file) {
    try {
      for (String line : Files.readAllLines(file)) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("package ") || t.startsWith("import ")) {
          continue;
        }
        return t.startsWith("/*") || t.startsWith("//");
      }
      return false;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("src-test").resolve("pom.xml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }
}
