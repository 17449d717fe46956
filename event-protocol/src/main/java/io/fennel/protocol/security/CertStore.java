package io.fennel.protocol.security;

import io.fennel.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificates whose signatures a worker trusts, by Celery's signer id, as {@code
 * security_cert_store} names them: a glob such as {@code /etc/certs/*.pem} or a directory (every
 * file in it). An expired certificate or two with the same id are refused when the store is read.
 */
public final class CertStore {
  private final Map<String, X509Certificate> byId;

  private CertStore(Map<String, X509Certificate> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** A store of these certificates. */
  public static CertStore of(Collection<X509Certificate> certs, Instant now) {
    Map<String, X509Certificate> m = new LinkedHashMap<>();
    for (X509Certificate c : certs) {
      add(m, c, CertificateId.of(c), now);
    }
    return new CertStore(m);
  }

  /**
   * Reads every file the glob (or directory) names.
   *
   * @throws ProtocolException naming {@code security_cert_store} when nothing matches, a file is
   *     not a certificate, or a certificate has expired
   */
  public static CertStore read(String glob, Instant now) {
    if (glob == null || glob.isBlank()) {
      throw new ProtocolException(
          "security_cert_store", "is not set; give a glob such as /etc/fennel/certs/*.pem");
    }
    Path base = Path.of(glob);
    Path dir;
    String pattern;
    if (Files.isDirectory(base)) {
      dir = base;
      pattern = "*";
    } else {
      dir = base.getParent() == null ? Path.of(".") : base.getParent();
      pattern = base.getFileName().toString();
    }
    Map<String, X509Certificate> m = new LinkedHashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, pattern)) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          X509Certificate c = Pem.certificate(f.toString(), Files.readString(f));
          add(m, c, CertificateId.of(c), now);
        }
      }
    } catch (IOException e) {
      throw new ProtocolException(
          "security_cert_store", "cannot read '" + glob + "' (" + e.getMessage() + ")", e);
    }
    if (m.isEmpty()) {
      throw new ProtocolException(
          "security_cert_store", "'" + glob + "' matches no certificate file");
    }
    return new CertStore(m);
  }

  private static void add(
      Map<String, X509Certificate> m, X509Certificate c, String id, Instant now) {
    if (!c.getNotAfter().after(Date.from(now))) {
      throw new ProtocolException(
          "security_cert_store",
          "holds the expired certificate '"
              + id
              + "' (expired "
              + c.getNotAfter().toInstant()
              + ")");
    }
    if (m.putIfAbsent(id, c) != null) {
      throw new ProtocolException(
          "security_cert_store", "holds two certificates with the id '" + id + "'");
    }
  }

  /** The certificate of a signer id. */
  public Optional<X509Certificate> find(String signerId) {
    return Optional.ofNullable(byId.get(signerId));
  }

  /** The signer ids known, in the order read. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }
}
