package io.fennel.monitor.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Constant-time comparison of secrets and fresh random tokens. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /**
   * Whether {@code given} equals {@code expected}, in time that depends on neither: both are hashed
   * first (so lengths do not leak) and compared with {@link MessageDigest#isEqual}.
   */
  static boolean same(String given, String expected) {
    if (given == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(given), sha256(expected));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** 32 random bytes, base64url without padding (43 characters). */
  static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Whether {@code s} looks like a token {@link #newToken} made. */
  static boolean wellFormed(String s) {
    return s != null && s.length() == 43 && s.chars().allMatch(Secrets::base64url);
  }

  private static boolean base64url(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
