package io.fennel.protocol.serial;

import com.fasterxml.jackson.databind.JsonNode;
import io.fennel.protocol.ProtocolException;
import io.fennel.protocol.security.CertStore;
import io.fennel.protocol.security.Digest;
import io.fennel.protocol.security.SignedEnvelope;
import io.fennel.protocol.security.Signing;
import java.security.PrivateKey;

/**
 * Celery's {@code auth} serializer ({@code app.setup_security()}): the body is written by {@code
 * inner}, signed with the private key and sent in a {@link SignedEnvelope}; reading verifies the
 * signature against the certificate store before the inner body is decoded.
 *
 * @param inner the format inside the envelope (Celery's default: JSON); never pickle
 * @param key the producer's private key ({@code security_key}), or null when it only verifies
 * @param signerId the producer's certificate id ({@code security_certificate}), or null
 * @param store the trusted certificates ({@code security_cert_store}), or null when it only signs
 * @param digest {@code security_digest}
 */
public record AuthSerializer(
    Serializer inner, PrivateKey key, String signerId, CertStore store, Digest digest)
    implements Serializer {

  public AuthSerializer {
    if (inner instanceof AuthSerializer) {
      throw new IllegalArgumentException("a signed body holds a plain format, not auth");
    }
  }

  @Override
  public Content content() {
    return Content.AUTH;
  }

  @Override
  public byte[] encode(JsonNode value) {
    if (key == null || signerId == null) {
      throw new ProtocolException(
          "security_key",
          "is not set; signing with the auth serializer needs security_key and"
              + " security_certificate");
    }
    byte[] body = inner.encode(value);
    return new SignedEnvelope(
            signerId,
            Signing.sign(key, digest, body),
            inner.content().contentType(),
            inner.content().contentEncoding(),
            body)
        .pack();
  }

  @Override
  public JsonNode decode(String field, byte[] body) {
    if (store == null) {
      throw new ProtocolException(
          field, "is signed, but security_cert_store is not set, so it cannot be verified");
    }
    SignedEnvelope e = SignedEnvelope.unpack(field, body, store);
    if (!e.verifiedBy(store, digest)) {
      throw new ProtocolException(
          field,
          "has a signature that does not match its content and signer '"
              + e.signer()
              + "': it was tampered with or signed with another key (digest "
              + digest.name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
    Content c =
        Content.ofContentType(e.contentType())
            .orElseThrow(() ->
                new ProtocolException(
                    field, "holds a signed body of unknown type '" + e.contentType() + "'"));
    Serializer plain =
        switch (c) {
          case JSON -> new JsonSerializer();
          case MSGPACK -> new MsgpackSerializer();
          case YAML -> new YamlSerializer();
          case AUTH, PICKLE ->
              throw new ProtocolException(
                  field,
                  "holds a signed body of type "
                      + e.contentType()
                      + "; Fennel reads json, msgpack or yaml inside a signature, never pickle");
        };
    return plain.decode(field, e.body());
  }
}
