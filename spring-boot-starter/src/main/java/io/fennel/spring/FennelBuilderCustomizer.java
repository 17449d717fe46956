package io.fennel.spring;

import io.fennel.core.Fennel;

/**
 * A bean that edits the {@link Fennel.Builder} after the starter has applied the {@code fennel.*}
 * properties and before it builds the app: a host name, a scheduler, a setting computed in code.
 */
@FunctionalInterface
public interface FennelBuilderCustomizer {
  void customize(Fennel.Builder builder);
}
