package io.fennel.protocol.security;

import io.fennel.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * How Celery names the certificate that signed a message: the values of its issuer's attributes in
 * their encoded order, space-separated, then a space and the serial number in decimal.
 */
public final class CertificateId {
  private CertificateId() {}

  /** The signer id of a certificate, e.g. {@code "US Fennel CA 4660"}. */
  public static String of(X509Certificate cert) {
    String issuer = cert.getIssuerX500Principal().getName(X500Principal.RFC2253);
    List<String> values = new ArrayList<>();
    try {
      // LdapName lists RDNs right to left, which is their encoded (DER) order.
      for (Rdn rdn : new LdapName(issuer).getRdns()) {
        values.add(text(rdn.getValue()));
      }
    } catch (InvalidNameException e) {
      throw new ProtocolException(
          "security_certificate", "has an issuer Fennel cannot read: " + issuer, e);
    }
    return String.join(" ", values) + " " + cert.getSerialNumber();
  }

  /** A string value, or the text inside a hex-encoded DER string (e.g. emailAddress). */
  private static String text(Object value) {
    if (value instanceof byte[] der && der.length >= 2) {
      int len = der[1] & 0xff;
      int start = 2;
      if ((len & 0x80) != 0) {
        int n = len & 0x7f;
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (der[2 + i] & 0xff);
        }
        start = 2 + n;
      }
      return new String(der, start, Math.min(len, der.length - start), StandardCharsets.UTF_8);
    }
    return String.valueOf(value);
  }
}
