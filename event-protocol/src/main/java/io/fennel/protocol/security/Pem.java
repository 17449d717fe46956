package io.fennel.protocol.security;

import io.fennel.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files Celery's {@code security_key} and {@code security_certificate} name: an RSA
 * private key (PKCS#8 {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}, unencrypted) and an
 * X.509 certificate, with the JDK alone.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private Pem() {}

  /** The private key of a PEM text; {@code source} names it in errors. */
  public static PrivateKey privateKey(String source, String pem) {
    Matcher m = BLOCK.matcher(pem == null ? "" : pem);
    while (m.find()) {
      String label = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      try {
        return switch (label) {
          case "PRIVATE KEY" -> rsa(der);
          case "RSA PRIVATE KEY" -> rsa(pkcs8FromPkcs1(der));
          case "ENCRYPTED PRIVATE KEY" ->
              throw new ProtocolException(
                  "security_key",
                  source
                      + " is encrypted; Fennel reads unencrypted keys only, as Celery 5.2 does"
                      + " (openssl pkey -in KEY -out PLAIN.pem)");
          default -> null;
        };
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new ProtocolException(
            "security_key",
            source + " is not an RSA private key Fennel can read (" + e.getMessage() + ")",
            e);
      }
    }
    throw new ProtocolException(
        "security_key",
        source + " holds no '-----BEGIN PRIVATE KEY-----' or RSA PRIVATE KEY block");
  }

  /** The certificate of a PEM text; {@code source} names it in errors. */
  public static X509Certificate certificate(String source, String pem) {
    Matcher m = BLOCK.matcher(pem == null ? "" : pem);
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        try {
          return (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
          throw new ProtocolException(
              "security_certificate",
              source + " is not an X.509 certificate (" + e.getMessage() + ")",
              e);
        }
      }
    }
    throw new ProtocolException(
        "security_certificate", source + " holds no '-----BEGIN CERTIFICATE-----' block");
  }

  private static PrivateKey rsa(byte[] pkcs8) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
  private static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    inner.writeBytes(new byte[] {0x02, 0x01, 0x00});
    inner.writeBytes(RSA_ALGORITHM);
    inner.write(0x04);
    inner.writeBytes(length(pkcs1.length));
    inner.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(length(inner.size()));
    out.writeBytes(inner.toByteArray());
    return out.toByteArray();
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }
}
