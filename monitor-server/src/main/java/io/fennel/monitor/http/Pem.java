package io.fennel.monitor.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and its PKCS#8 private key (what {@code openssl req -newkey} and
 * Let's Encrypt write) into an in-memory key store for TLS, with the JDK alone.
 */
final class Pem {
  private static final Pattern KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private Pem() {}

  /** The password of the in-memory key store (it never leaves the process). */
  static final char[] STORE_PASSWORD = "fennel".toCharArray();

  /**
   * A key store holding {@code keyFile}'s key with {@code certFile}'s chain.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static KeyStore keyStore(Path certFile, Path keyFile) {
    try {
      List<? extends Certificate> chain;
      try (var in = Files.newInputStream(certFile)) {
        chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("--certfile " + certFile + " holds no certificate");
      }
      PrivateKey key = privateKey(keyFile, chain.getFirst().getPublicKey().getAlgorithm());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("console", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
      return ks;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read TLS files: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--certfile " + certFile + " is not a PEM X.509 certificate chain: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path keyFile, String algorithm) throws IOException {
    String text = Files.readString(keyFile, StandardCharsets.US_ASCII);
    Matcher m = KEY.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "--keyfile "
              + keyFile
              + " holds no '-----BEGIN PRIVATE KEY-----' (PKCS#8) block; convert it with"
              + " openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--keyfile " + keyFile + " is not a " + algorithm + " PKCS#8 key: " + e.getMessage(), e);
    }
  }
}
