package io.fennel.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose methods send tasks, found by {@link EnableFennelClients}: each method is
 * annotated {@link SendsTask} and returns the sent task's {@link
 * io.fennel.core.result.AsyncResult}, so a caller always holds a handle on work that runs
 * elsewhere, never a value computed in place.
 *
 * <pre>{@code
 * @FennelClient
 * interface Billing {
 *   @SendsTask("billing.invoice")
 *   AsyncResult invoice(long orderId);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FennelClient {}
