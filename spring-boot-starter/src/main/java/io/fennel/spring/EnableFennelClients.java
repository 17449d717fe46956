package io.fennel.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Makes a bean of every {@link FennelClient} interface in the packages of {@link #value()} (by
 * default the package of the annotated class), each sending through the context's {@link
 * io.fennel.core.Fennel}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(FennelClientsRegistrar.class)
public @interface EnableFennelClients {
  /** Classes whose packages are scanned; empty for the annotated class's package. */
  Class<?>[] value() default {};
}
