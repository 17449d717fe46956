package io.fennel.protocol.security;

import io.fennel.protocol.ProtocolException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * A {@code security_digest} ({@code sha256}, Celery's default, or sha1, sha224, sha384, sha512) and
 * the RSA-PSS parameters Celery signs with: MGF1 over the same digest, the largest salt the key
 * allows.
 */
public enum Digest {
  SHA1("SHA-1", 20, MGF1ParameterSpec.SHA1),
  SHA224("SHA-224", 28, MGF1ParameterSpec.SHA224),
  SHA256("SHA-256", 32, MGF1ParameterSpec.SHA256),
  SHA384("SHA-384", 48, MGF1ParameterSpec.SHA384),
  SHA512("SHA-512", 64, MGF1ParameterSpec.SHA512);

  private final String jdkName;
  private final int length;
  private final MGF1ParameterSpec mgf;

  Digest(String jdkName, int length, MGF1ParameterSpec mgf) {
    this.jdkName = jdkName;
    this.length = length;
    this.mgf = mgf;
  }

  /** A digest by Celery's name ({@code sha256}, case-insensitive, dashes ignored). */
  public static Digest parse(String name) {
    String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT).replace("-", "");
    for (Digest d : values()) {
      if (d.name().equals(n)) {
        return d;
      }
    }
    throw new ProtocolException(
        "security_digest",
        "is '" + name + "'; expected sha256 (the default), sha1, sha224, sha384 or sha512");
  }

  /** RSA-PSS with MGF1 over this digest and the longest salt a key of {@code keyBytes} takes. */
  PSSParameterSpec pss(int keyBytes) {
    return new PSSParameterSpec(jdkName, "MGF1", mgf, keyBytes - length - 2, 1);
  }
}
