package io.fennel.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fennel.core.Fennel;
import io.fennel.core.result.TaskFailedException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.AopTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * {@code @Task} methods of beans run through the beans' Spring proxies on the embedded worker, so
 * {@code @Transactional} (or any advice) on a task is honoured: class proxies and interface (JDK)
 * proxies alike.
 */
class TaskBeansTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(FennelAutoConfiguration.class))
          .withPropertyValues(
              "fennel.broker-url=memory://tasks-" + UUID.randomUUID(),
              "fennel.result-backend=memory://",
              "fennel.worker.enabled=true",
              "fennel.worker.concurrency=2");

  @Configuration(proxyBeanMethods = false)
  @EnableTransactionManagement
  static class ClassProxies {
    @Bean
    CountingTransactionManager transactionManager() {
      return new CountingTransactionManager();
    }

    @Bean
    BillingTasks billingTasks() {
      return new BillingTasks();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableTransactionManagement(proxyTargetClass = false)
  static class InterfaceProxies {
    @Bean
    PlatformTransactionManager transactionManager() {
      return new CountingTransactionManager();
    }

    @Bean
    Shipping shippingTasks() {
      return new ShippingTasks();
    }
  }

  @Test
  void givenATransactionalTaskBeanWhenItsTaskRunsThenItRunsInATransactionThatCommits() {
    runner
        .withUserConfiguration(ClassProxies.class)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          BillingTasks billing = ctx.getBean(BillingTasks.class);
          assertThat(AopUtils.isCglibProxy(billing)).isTrue();
          CountingTransactionManager tx = ctx.getBean(CountingTransactionManager.class);

          int cents =
              ctx.getBean(Fennel.class).task("spring.charge").delay(250).get(WAIT, Integer.class);

          assertThat(cents).isEqualTo(250);
          assertThat(tx.begun).hasValue(1);
          assertThat(tx.committed).hasValue(1);
          assertThat(tx.rolledBack).hasValue(0);
          BillingTasks target = AopTestUtils.getTargetObject(billing);
          assertThat(target.ranInTransaction).isTrue();
        });
  }

  @Test
  void givenATransactionalTaskThatThrowsWhenItRunsThenItsTransactionRollsBackAndTheTaskFails() {
    runner
        .withUserConfiguration(ClassProxies.class)
        .run(ctx -> {
          CountingTransactionManager tx = ctx.getBean(CountingTransactionManager.class);
          var result = ctx.getBean(Fennel.class).task("spring.refuse").delay("card declined");

          assertThatThrownBy(() -> result.get(WAIT))
              .isInstanceOf(TaskFailedException.class)
              .hasMessageContaining("card declined");
          assertThat(tx.rolledBack).hasValue(1);
          assertThat(tx.committed).hasValue(0);
        });
  }

  @Test
  void givenATaskBeanBehindAnInterfaceProxyWhenItsTaskRunsThenTheProxysAdviceRuns() {
    runner
        .withUserConfiguration(InterfaceProxies.class)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          Shipping shipping = ctx.getBean(Shipping.class);
          assertThat(AopUtils.isJdkDynamicProxy(shipping)).isTrue();
          CountingTransactionManager tx =
              (CountingTransactionManager) ctx.getBean(PlatformTransactionManager.class);

          String shipped =
              ctx.getBean(Fennel.class).task("spring.ship").delay("p-42").get(WAIT, String.class);

          assertThat(shipped).isEqualTo("shipped p-42");
          assertThat(tx.committed).hasValue(1);
          ShippingTasks target = AopTestUtils.getTargetObject(shipping);
          assertThat(target.ranInTransaction).isTrue();
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoBeansOneName {
    @Bean
    BlockingTasks first() {
      return new BlockingTasks();
    }

    @Bean
    BlockingTasks second() {
      return new BlockingTasks();
    }
  }

  @Test
  void givenTwoBeansDeclaringOneTaskNameWhenTheContextStartsThenItFailsNamingBoth() {
    runner
        .withUserConfiguration(TwoBeansOneName.class)
        .run(ctx ->
            assertThat(ctx)
                .getFailure()
                .hasMessageContaining(
                    "bean 'second' declares task spring.block, which bean 'first'"));
  }
}
