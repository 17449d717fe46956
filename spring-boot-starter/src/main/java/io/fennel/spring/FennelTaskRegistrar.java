package io.fennel.spring;

import io.fennel.core.Fennel;
import io.fennel.core.task.AnnotatedTasks;
import io.fennel.core.task.Task;
import io.fennel.core.task.TaskDefinition;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Registers every {@code @Task} method of the application's singleton beans on its {@link Fennel},
 * once all singletons exist. Each task calls the bean as the context hands it out, proxy included,
 * so {@code @Transactional}, {@code @PreAuthorize} or any other advice on a task method runs around
 * every execution, exactly as when a controller calls the same method.
 */
final class FennelTaskRegistrar implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(FennelTaskRegistrar.class);

  private final ConfigurableListableBeanFactory beans;
  private final Map<String, String> registered = new TreeMap<>();

  FennelTaskRegistrar(ConfigurableListableBeanFactory beans) {
    this.beans = beans;
  }

  /** The tasks registered, by name, with the bean that runs each. */
  Map<String, String> registered() {
    return Map.copyOf(registered);
  }

  @Override
  public void afterSingletonsInstantiated() {
    Fennel fennel = beans.getBeanProvider(Fennel.class).getIfUnique();
    if (fennel == null) {
      log.warn("no single Fennel bean in the context: @Task methods of beans are not registered");
      return;
    }
    for (String name : beans.getBeanDefinitionNames()) {
      BeanDefinition def = beans.getMergedBeanDefinition(name);
      if (def.isAbstract()) {
        continue;
      }
      Class<?> declared = beans.getType(name, false);
      if (!beans.containsSingleton(name)) {
        if (declared == null || !hasTasks(ClassUtils.getUserClass(declared))) {
          continue;
        }
        if (!def.isSingleton()) {
          log.warn(
              "bean '{}' declares @Task methods but is not a singleton; its tasks are not"
                  + " registered (make it a singleton bean)",
              name);
          continue;
        }
      }
      Object bean = beans.getBean(name);
      if (bean == fennel) {
        continue;
      }
      Class<?> target = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
      if (hasTasks(target)) {
        register(fennel, name, bean, target);
      }
    }
  }

  private void register(Fennel fennel, String beanName, Object bean, Class<?> target) {
    for (TaskDefinition t : AnnotatedTasks.of(bean, target)) {
      String previous = registered.get(t.name());
      if (previous != null) {
        throw new IllegalStateException(
            "bean '"
                + beanName
                + "' declares task "
                + t.name()
                + ", which bean '"
                + previous
                + "' declares too; task names must be unique");
      }
      try {
        fennel.register(t.name(), t.options(), t.handler());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "bean '" + beanName + "' declares task " + t.name() + ": " + e.getMessage(), e);
      }
      registered.put(t.name(), beanName);
    }
  }

  /** Whether a class has a public instance method annotated {@code @Task}. */
  static boolean hasTasks(Class<?> type) {
    for (Method m : type.getMethods()) {
      if (m.isAnnotationPresent(Task.class) && !Modifier.isStatic(m.getModifiers())) {
        return true;
      }
    }
    return false;
  }
}
