package io.fennel.spring;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code fennel.worker.enabled} is true. It reads every worker property, so a bad
 * value of any of them (say {@code fennel.worker.enabled=maybe}) stops the application at start
 * with the property's name and rule, instead of silently running no worker.
 */
final class WorkerEnabledCondition implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return WorkerSettings.read(context.getEnvironment()).enabled();
  }
}
