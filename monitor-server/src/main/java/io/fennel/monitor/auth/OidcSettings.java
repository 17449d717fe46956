package io.fennel.monitor.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * How the console logs browsers in through OpenID Connect (authorization code flow with PKCE): the
 * provider, the console's client id and secret, and who may enter (e-mail domains and/or groups;
 * both empty lets in anyone the provider authenticates).
 *
 * @param issuer the provider's issuer URL; its {@code /.well-known/openid-configuration} is read
 * @param clientId the console's client id at the provider
 * @param clientSecret the client secret, or null for a public client (PKCE alone)
 * @param allowedDomains e-mail domains let in ({@code example.com}); empty: any
 * @param allowedGroups values of the {@code groups} claim let in; empty: any
 */
public record OidcSettings(
    URI issuer,
    String clientId,
    String clientSecret,
    List<String> allowedDomains,
    List<String> allowedGroups) {

  /** Checks the settings, naming the bad one. */
  public OidcSettings {
    if (issuer == null
        || issuer.getScheme() == null
        || !(issuer.getScheme().equals("https")
            || issuer.getScheme().equals("http") && OpenAccess.isLoopback(issuer.getHost()))) {
      throw new IllegalArgumentException(
          "--oidc-issuer must be an https:// URL (http:// only on loopback), was " + issuer);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("--oidc-client-id is required with --oidc-issuer");
    }
    allowedDomains =
        allowedDomains == null
            ? List.of()
            : allowedDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
    allowedGroups = allowedGroups == null ? List.of() : List.copyOf(allowedGroups);
  }

  /** Whether a user with {@code email} (may be null) and {@code groups} may enter. */
  public boolean admits(String email, List<String> groups) {
    boolean domainOk =
        allowedDomains.isEmpty()
            || email != null
                && allowedDomains.contains(
                    email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
    boolean groupOk =
        allowedGroups.isEmpty()
            || groups != null && groups.stream().anyMatch(allowedGroups::contains);
    return domainOk && groupOk;
  }

  @Override
  public String toString() {
    return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", secret=***]";
  }
}
