package io.fennel.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The task a {@link FennelClient} method sends: its parameters are the task's positional {@code
 * args} in order, except a last {@link io.fennel.core.producer.SendOptions} parameter, which is
 * used as the options of that send.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SendsTask {
  /** The task's name, e.g. {@code "billing.invoice"}. */
  String value();

  /** The queue to send to; empty for {@code task_routes} or {@code task_default_queue}. */
  String queue() default "";
}
