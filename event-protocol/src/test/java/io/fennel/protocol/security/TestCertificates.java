package io.fennel.protocol.security;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes an RSA key and a self-signed certificate for a test with the {@code openssl} command, in
 * the test's own folder; nothing private is committed.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A key and certificate pair written by openssl. */
  public record Pair(Path key, Path certificate) {}

  /**
   * A 2048-bit RSA key ({@code format} "pkcs8" or "pkcs1") and a certificate for {@code cn}. Skips
   * the test when openssl is missing.
   */
  public static Pair make(Path dir, String cn, String format) throws IOException {
    Path key = dir.resolve(cn + ".key");
    Path cert = dir.resolve(cn + ".pem");
    run(
        dir,
        List.of(
            "openssl",
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
            "2",
            "-subj",
            "/C=US/O=Fennel Tests/CN=" + cn));
    if (format.equals("pkcs1")) {
      Path rsa = dir.resolve(cn + ".rsa.key");
      run(
          dir,
          List.of("openssl", "rsa", "-in", key.toString(), "-out", rsa.toString(), "-traditional"));
      return new Pair(rsa, cert);
    }
    return new Pair(key, cert);
  }

  private static void run(Path dir, List<String> cmd) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      String why = "openssl is not installed (apt-get install openssl): " + e.getMessage();
      if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
        throw new AssertionError(
            why + " (FENNEL_REQUIRE_BROKERS=1, so this fails instead of skipping)", e);
      }
      assumeTrue(false, why);
      return;
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (!Files.exists(dir)) {
      throw new IOException(dir + " vanished");
    }
  }
}
