package io.fennel.spring;

import io.fennel.core.error.FennelException;

/**
 * A {@code fennel.*} property the application refused at start: it names the property as Spring
 * knows it, the value, the rule it broke and where it was set.
 */
public final class FennelPropertyException extends FennelException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String rule;

  /**
   * @param property the property, e.g. {@code fennel.task-acks-late}
   * @param rule what was wrong and what to do, e.g. {@code task_acks_late must be true or false,
   *     was 'maybe'}
   * @param origin where the value came from (a file and line, an environment variable), or null
   */
  public FennelPropertyException(String property, String rule, Object origin) {
    super(property + ": " + rule + (origin == null ? "" : " (set in " + origin + ")"));
    this.property = property;
    this.rule = rule;
  }

  /** The rule the value broke, with the value. */
  public String rule() {
    return rule;
  }

  /** The property that was refused, e.g. {@code fennel.task-acks-late}. */
  public String property() {
    return property;
  }
}
