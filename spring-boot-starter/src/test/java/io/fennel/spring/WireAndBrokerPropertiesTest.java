package io.fennel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fennel.core.Fennel;
import io.fennel.core.config.BrokerSettings;
import io.fennel.core.config.WireSettings;
import io.fennel.protocol.security.Digest;
import io.fennel.protocol.serial.Compression;
import io.fennel.protocol.serial.Content;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Celery settings that travel beside the typed ones (serializers, compression, protocol,
 * message signing, queue type, connection retry), each set as a {@code fennel.*} property in a
 * relaxed form and read back typed from the app the starter built.
 */
class WireAndBrokerPropertiesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(FennelAutoConfiguration.class));

  @Test
  void givenEveryWireAndBrokerSettingAsAPropertyWhenTheContextStartsThenTheAppReadsEachTyped(
      @TempDir Path dir) throws Exception {
    Path key = dir.resolve("worker.key");
    Path cert = dir.resolve("worker.pem");
    selfSigned(key, cert);
    List<String> properties =
        List.of(
            "fennel.accept-content=json,msgpack,auth",
            "fennel.result_accept_content=json,yaml",
            "fennel.result-serializer=msgpack",
            "fennel.task-compression=bzip2",
            "fennel.resultCompression=zlib",
            "fennel.task-protocol=1",
            "fennel.security-key=" + key,
            "fennel.security-certificate=" + cert,
            "fennel.security-cert-store=" + dir.resolve("*.pem"),
            "fennel.security-digest=sha512",
            "fennel.message-max-decompressed-bytes=1048576",
            "fennel.task-default-queue-type=quorum",
            "fennel.broker-connection-retry=false",
            "fennel.broker-connection-retry-on-startup=true",
            "fennel.broker-connection-max-retries=7",
            "fennel.task-publish-confirm=wait");
    List<String> covered = new ArrayList<>(WireSettings.NAMES);
    covered.addAll(BrokerSettings.NAMES);
    assertThat(properties).as("a property for each of these settings").hasSameSizeAs(covered);
    runner
        .withPropertyValues(properties.toArray(String[]::new))
        .withPropertyValues("fennel.broker-url=memory://wire-" + dir.getFileName())
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          var config = ctx.getBean(Fennel.class).config();
          assertThat(config.extra().keySet()).containsExactlyInAnyOrderElementsOf(covered);
          WireSettings wire = WireSettings.of(config);
          assertThat(wire.acceptContent())
              .isEqualTo(Set.of(Content.JSON, Content.MSGPACK, Content.AUTH));
          assertThat(wire.resultAcceptContent()).isEqualTo(Set.of(Content.JSON, Content.YAML));
          assertThat(wire.resultSerializer()).isEqualTo(Content.MSGPACK);
          assertThat(wire.taskCompression()).isEqualTo(Compression.BZIP2);
          assertThat(wire.resultCompression()).isEqualTo(Compression.ZLIB);
          assertThat(wire.taskProtocol()).isEqualTo(1);
          assertThat(wire.securityKey()).isEqualTo(key.toString());
          assertThat(wire.securityCertificate()).isEqualTo(cert.toString());
          assertThat(wire.securityCertStore()).isEqualTo(dir.resolve("*.pem").toString());
          assertThat(wire.securityDigest()).isEqualTo(Digest.SHA512);
          assertThat(wire.maxDecompressedBytes()).isEqualTo(1_048_576L);
          assertThat(BrokerSettings.of(config)).isEqualTo(new BrokerSettings(true, true, 7, true));
        });
  }

  @Test
  void givenASerializerFennelRefusesWhenTheContextStartsThenItFailsNamingTheSetting() {
    runner
        .withPropertyValues("fennel.broker-url=memory://wire-bad", "fennel.accept-content=pickle")
        .run(ctx -> {
          assertThat(ctx).hasFailed();
          assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("accept_content");
        });
  }

  private static void selfSigned(Path key, Path cert) throws Exception {
    Path openssl = Path.of("/usr/bin/openssl");
    Assumptions.assumeTrue(
        Files.isExecutable(openssl), "openssl is missing: apt-get install openssl");
    Process p =
        new ProcessBuilder(
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "1",
                "-subj",
                "/CN=fennel-spring-test")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("openssl req").isZero();
  }
}
