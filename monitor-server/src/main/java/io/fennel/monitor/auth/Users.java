package io.fennel.monitor.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The console's users and how each password is checked: given on the command line ({@code
 * --basic-auth ann:pw1,bob:pw2}) or read from a file ({@code --basic-auth-file}, one {@code
 * user:hash} a line, as {@code htpasswd -B} writes bcrypt, or {@code {SHA-256}base64} or {@code
 * {PBKDF2}iterations:salt-base64:hash-base64}). Checks take constant time per user.
 */
public final class Users {
  private final Map<String, Credential> users;

  private Users(Map<String, Credential> users) {
    this.users = Map.copyOf(users);
  }

  /** How one password is checked. */
  sealed interface Credential {
    boolean matches(String password);
  }

  /** A password given as it is (command line). */
  record Plain(String password) implements Credential {
    @Override
    public boolean matches(String given) {
      return Secrets.same(given, password);
    }
  }

  /** A bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}). */
  record Bcrypt(String hash) implements Credential {
    @Override
    public boolean matches(String given) {
      return OpenBSDBCrypt.checkPassword(hash, given.toCharArray());
    }
  }

  /** {@code {SHA-256}base64}: unsalted, for compatibility; prefer bcrypt or PBKDF2. */
  record Sha256(byte[] digest) implements Credential {
    @Override
    public boolean matches(String given) {
      return MessageDigest.isEqual(sha256(given), digest);
    }
  }

  /** {@code {PBKDF2}iterations:salt:hash} with HMAC-SHA256. */
  record Pbkdf2(int iterations, byte[] salt, byte[] hash) implements Credential {
    @Override
    public boolean matches(String given) {
      return MessageDigest.isEqual(pbkdf2(given, salt, iterations, hash.length), hash);
    }
  }

  /**
   * Users from {@code user:pass[,user:pass...]}.
   *
   * @throws IllegalArgumentException naming the malformed entry (password masked)
   */
  public static Users parse(String spec) {
    Map<String, Credential> out = new LinkedHashMap<>();
    List<String> parts =
        spec.contains(",") && allHaveColons(spec) ? List.of(spec.split(",")) : List.of(spec);
    for (String part : parts) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException(
            "basic auth must be user:password with both parts non-empty (several: ann:pw1,bob:pw2),"
                + " was '"
                + (colon < 0 ? "<no colon>" : part.substring(0, Math.max(colon, 0)) + ":***")
                + "'");
      }
      add(out, part.substring(0, colon), new Plain(part.substring(colon + 1)), "--basic-auth");
    }
    return new Users(out);
  }

  private static boolean allHaveColons(String spec) {
    for (String p : spec.split(",")) {
      if (p.indexOf(':') <= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Users from a file of {@code user:hash} lines (blank lines and {@code #} comments skipped).
   *
   * @throws IllegalArgumentException naming the file, the line and what is wrong
   */
  public static Users read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --basic-auth-file " + file + ": " + e, e);
    }
    Map<String, Credential> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(where + " must be user:hash, was '" + mask(line) + "'");
      }
      add(out, line.substring(0, colon), hash(line.substring(colon + 1), where), where);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--basic-auth-file " + file + " names no user");
    }
    return new Users(out);
  }

  private static Credential hash(String h, String where) {
    try {
      if (h.startsWith("$2a$") || h.startsWith("$2b$") || h.startsWith("$2y$")) {
        if (h.length() != 60) {
          throw new IllegalArgumentException("a bcrypt hash is 60 characters");
        }
        return new Bcrypt(h);
      }
      if (h.startsWith("{SHA-256}")) {
        byte[] d = Base64.getDecoder().decode(h.substring(9));
        if (d.length != 32) {
          throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        }
        return new Sha256(d);
      }
      if (h.startsWith("{PBKDF2}")) {
        String[] p = h.substring(8).split(":");
        if (p.length != 3) {
          throw new IllegalArgumentException("PBKDF2 is {PBKDF2}iterations:salt:hash");
        }
        int n = Integer.parseInt(p[0]);
        if (n < 10_000) {
          throw new IllegalArgumentException("PBKDF2 needs >= 10000 iterations, was " + n);
        }
        return new Pbkdf2(n, Base64.getDecoder().decode(p[1]), Base64.getDecoder().decode(p[2]));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        where
            + ": the hash must be bcrypt ($2y$..., htpasswd -B), {SHA-256}base64 or"
            + " {PBKDF2}iterations:salt:hash");
  }

  private static void add(Map<String, Credential> out, String user, Credential c, String where) {
    if (out.put(user, c) != null) {
      throw new IllegalArgumentException(where + ": user '" + user + "' is given twice");
    }
  }

  private static String mask(String line) {
    int colon = line.indexOf(':');
    return colon < 0 ? "<no colon>" : line.substring(0, colon) + ":***";
  }

  /**
   * {@code token} when it is a usable API token (16+ characters, no whitespace), null for null.
   *
   * @throws IllegalArgumentException saying what is wrong (never the token)
   */
  public static String checkApiToken(String token) {
    if (token != null && (token.length() < 16 || token.chars().anyMatch(Character::isWhitespace))) {
      throw new IllegalArgumentException(
          "API token must be at least 16 characters without spaces, was "
              + token.length()
              + " characters");
    }
    return token;
  }

  /** Whether {@code user} exists and {@code password} is theirs. */
  public boolean check(String user, String password) {
    Credential c = users.get(user);
    if (c == null) {
      // spend the same time as a real check, so a timing does not tell which users exist
      Secrets.same(password, user);
      return false;
    }
    return c.matches(password);
  }

  /** The user names, for logs and the masked options. */
  public Set<String> names() {
    return new java.util.TreeSet<>(users.keySet());
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PBKDF2-HMAC-SHA256 of {@code password}, {@code bytes} long. */
  public static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8))
          .getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException(e);
    }
  }
}
