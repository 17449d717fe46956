package io.fennel.protocol.security;

import io.fennel.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;

/** RSA-PSS signatures as Celery's {@code auth} serializer makes and checks them. */
public final class Signing {
  private Signing() {}

  /** The signature of {@code data} with {@code key}. */
  public static byte[] sign(PrivateKey key, Digest digest, byte[] data) {
    try {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(digest.pss(emLength(key)));
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new ProtocolException(
          "security_key", "cannot sign with this key (" + e.getMessage() + "); use an RSA key", e);
    }
  }

  /** Whether {@code signature} is {@code cert}'s key's signature of {@code data}. */
  public static boolean verify(X509Certificate cert, Digest digest, byte[] data, byte[] signature) {
    try {
      PublicKey k = cert.getPublicKey();
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(digest.pss(emLength(k)));
      s.initVerify(k);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The signature length in bytes of a certificate's RSA key (its modulus size). */
  public static int signatureLength(X509Certificate cert) {
    if (cert.getPublicKey() instanceof RSAKey rsa) {
      return (rsa.getModulus().bitLength() + 7) / 8;
    }
    throw new ProtocolException(
        "security_cert_store",
        "holds a certificate whose key is "
            + cert.getPublicKey().getAlgorithm()
            + "; Celery's auth serializer signs with RSA only");
  }

  private static int emLength(Object key) {
    if (key instanceof RSAKey rsa) {
      return (rsa.getModulus().bitLength() - 1 + 7) / 8;
    }
    throw new ProtocolException(
        "security_key", "is not an RSA key; Celery's auth serializer signs with RSA only");
  }
}
