package io.fennel.protocol.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.security.CertStore;
import io.fennel.protocol.security.CertificateId;
import io.fennel.protocol.security.Digest;
import io.fennel.protocol.security.Pem;
import io.fennel.protocol.security.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serializer contract for Celery's signed {@code auth} format, with keys made for the test,
 * plus refusals: a tampered body, an unknown signer, a key not in the store.
 */
class AuthSerializerTest extends SerializerContract {
  @TempDir static Path dir;
  static AuthSerializer auth;
  static AuthSerializer other;

  @BeforeAll
  static void keys() throws IOException {
    TestCertificates.Pair a = TestCertificates.make(dir, "signer-a", "pkcs8");
    TestCertificates.Pair b = TestCertificates.make(dir, "signer-b", "pkcs1");
    X509Certificate certA = Pem.certificate("a", Files.readString(a.certificate()));
    X509Certificate certB = Pem.certificate("b", Files.readString(b.certificate()));
    CertStore onlyA = CertStore.of(List.of(certA), Instant.now());
    auth =
        new AuthSerializer(
            new JsonSerializer(),
            Pem.privateKey("a", Files.readString(a.key())),
            CertificateId.of(certA),
            onlyA,
            Digest.SHA256);
    other =
        new AuthSerializer(
            new JsonSerializer(),
            Pem.privateKey("b", Files.readString(b.key())),
            CertificateId.of(certB),
            onlyA,
            Digest.SHA256);
  }

  @Override
  Serializer serializer() {
    return auth;
  }

  @Override
  String pythonHex() {
    return null;
  }

  @Override
  byte[] garbage() {
    return "[1, 2]".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theSignerIdIsTheIssuerValuesInOrderThenTheSerial() {
    assertThat(auth.signerId()).startsWith("US Fennel Tests signer-a ").matches(".* \\d+");
  }

  @Test
  void givenATamperedBodyWhenDecodedThenTheSignatureIsRefused() {
    byte[] raw = Base64.getDecoder().decode(auth.encode(BODY));
    String text = new String(raw, StandardCharsets.ISO_8859_1).replace("3.5", "9.5");
    byte[] tampered = Base64.getEncoder().encode(text.getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> auth.decode("body", tampered))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("tampered");
  }

  @Test
  void givenASignerNotInTheStoreWhenDecodedThenItIsRefusedNamingTheSigner() {
    byte[] signedByB = other.encode(BODY);
    assertThatThrownBy(() -> auth.decode("body", signedByB))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("signer-b")
        .hasMessageContaining("not in security_cert_store");
  }

  @Test
  void givenAPkcs1KeyWhenSigningThenTheSignatureVerifiesWithItsCertificate() throws IOException {
    TestCertificates.Pair c = TestCertificates.make(dir, "signer-c", "pkcs1");
    X509Certificate cert = Pem.certificate("c", Files.readString(c.certificate()));
    AuthSerializer s =
        new AuthSerializer(
            new MsgpackSerializer(),
            Pem.privateKey("c", Files.readString(c.key())),
            CertificateId.of(cert),
            CertStore.of(List.of(cert), Instant.now()),
            Digest.SHA512);
    assertSameTree(s.decode("body", s.encode(BODY)), BODY);
  }
}
