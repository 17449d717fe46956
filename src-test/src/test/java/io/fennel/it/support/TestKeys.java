package io.fennel.it.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code signer.key} and {@code signer.pem} (RSA 2048, self-signed) in a test's folder with
 * the {@code openssl} command, for Celery's message signing on both sides; nothing is committed.
 */
public final class TestKeys {
  private TestKeys() {}

  /** Writes the key and certificate into {@code dir} and returns {@code dir}. */
  public static Path make(Path dir) {
    List<String> cmd =
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            dir.resolve("signer.key").toString(),
            "-out",
            dir.resolve("signer.pem").toString(),
            "-days",
            "2",
            "-subj",
            "/C=US/O=Fennel Interop/CN=signer");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      String why = "openssl is missing (apt-get install openssl): " + e.getMessage();
      if ("1".equals(System.getenv("FENNEL_REQUIRE_BROKERS"))) {
        fail(why);
      }
      assumeTrue(false, why);
      return dir;
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail("openssl failed: " + new String(p.getInputStream().readAllBytes()));
      }
    } catch (InterruptedException | IOException e) {
      fail("openssl did not finish: " + e);
    }
    return dir;
  }
}
