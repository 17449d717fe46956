package io.fennel.protocol.security;

import io.fennel.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * The body of a message signed with Celery's {@code auth} serializer: base64 of signer id,
 * signature, inner content type, inner content encoding and inner body, joined by the two bytes
 * {@code 00 01}; the signature's length is that of the signer's RSA key.
 */
public record SignedEnvelope(
    String signer, byte[] signature, String contentType, String contentEncoding, byte[] body) {

  private static final byte[] SEP = {0x00, 0x01};

  /** The base64 text (as ASCII bytes) that travels as the message body. */
  public byte[] pack() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[][] parts = {
      signer.getBytes(StandardCharsets.UTF_8),
      signature,
      contentType.getBytes(StandardCharsets.UTF_8),
      contentEncoding.getBytes(StandardCharsets.UTF_8),
      body
    };
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.writeBytes(SEP);
      }
      out.writeBytes(parts[i]);
    }
    return Base64.getEncoder().encode(out.toByteArray());
  }

  /**
   * Reads a signed body; the store gives the signer's certificate, whose key size says where the
   * signature ends. Nothing is verified here: see {@link #verifiedBy}.
   */
  public static SignedEnvelope unpack(String field, byte[] base64, CertStore store) {
    byte[] raw;
    try {
      raw = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          field, "is not a signed message (not base64: " + e.getMessage() + ")", e);
    }
    int first = indexOf(raw, 0);
    if (first < 0) {
      throw new ProtocolException(field, "is not a signed message (no signer id)");
    }
    String signer = new String(raw, 0, first, StandardCharsets.UTF_8);
    X509Certificate cert =
        store
            .find(signer)
            .orElseThrow(() ->
                new ProtocolException(
                    field,
                    "is signed by '"
                        + signer
                        + "', whose certificate is not in security_cert_store (known: "
                        + store.ids()
                        + ")"));
    int sigStart = first + SEP.length;
    int sigEnd = sigStart + Signing.signatureLength(cert);
    if (sigEnd + SEP.length > raw.length) {
      throw new ProtocolException(field, "is a truncated signed message");
    }
    byte[] signature = Arrays.copyOfRange(raw, sigStart, sigEnd);
    int typeStart = sigEnd + SEP.length;
    int typeEnd = indexOf(raw, typeStart);
    int encEnd = typeEnd < 0 ? -1 : indexOf(raw, typeEnd + SEP.length);
    if (encEnd < 0) {
      throw new ProtocolException(
          field, "is a malformed signed message (no content type and encoding)");
    }
    int bodyEnd = indexOf(raw, encEnd + SEP.length);
    return new SignedEnvelope(
        signer,
        signature,
        new String(raw, typeStart, typeEnd - typeStart, StandardCharsets.UTF_8),
        new String(
            raw, typeEnd + SEP.length, encEnd - typeEnd - SEP.length, StandardCharsets.UTF_8),
        Arrays.copyOfRange(raw, encEnd + SEP.length, bodyEnd < 0 ? raw.length : bodyEnd));
  }

  /** Whether the signature is the signer's over the inner body. */
  public boolean verifiedBy(CertStore store, Digest digest) {
    return store.find(signer).map(c -> Signing.verify(c, digest, body, signature)).orElse(false);
  }

  private static int indexOf(byte[] raw, int from) {
    for (int i = Math.max(0, from); i + 1 < raw.length; i++) {
      if (raw[i] == SEP[0] && raw[i + 1] == SEP[1]) {
        return i;
      }
    }
    return -1;
  }
}
