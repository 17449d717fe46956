package io.fennel.spring;

import io.fennel.core.Fennel;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean for each {@link FennelClient} interface that {@link EnableFennelClients} finds,
 * made by {@link FennelClients#create} with the context's {@link Fennel} when first needed.
 */
final class FennelClientsRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {
  private Environment environment;
  private ResourceLoader resourceLoader;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Map<String, Object> attrs =
        metadata.getAnnotationAttributes(EnableFennelClients.class.getName());
    Set<String> packages = new LinkedHashSet<>();
    if (attrs != null) {
      for (Class<?> c : (Class<?>[]) attrs.get("value")) {
        packages.add(c.getPackageName());
      }
    }
    if (packages.isEmpty()) {
      packages.add(ClassUtils.getPackageName(metadata.getClassName()));
    }
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false, environment) {
          @Override
          protected boolean isCandidateComponent(AnnotatedBeanDefinition bean) {
            return bean.getMetadata().isInterface() && bean.getMetadata().isIndependent();
          }
        };
    scanner.setResourceLoader(resourceLoader);
    scanner.addIncludeFilter(new AnnotationTypeFilter(FennelClient.class));
    ClassLoader loader = resourceLoader == null ? null : resourceLoader.getClassLoader();
    for (String pkg : packages) {
      for (BeanDefinition found : scanner.findCandidateComponents(pkg)) {
        register(registry, ClassUtils.resolveClassName(found.getBeanClassName(), loader));
      }
    }
  }

  private static <T> void register(BeanDefinitionRegistry registry, Class<T> type) {
    if (!(registry instanceof BeanFactory beans)) {
      throw new IllegalStateException(
          "@EnableFennelClients needs a bean registry that is a bean factory, was " + registry);
    }
    RootBeanDefinition def =
        new RootBeanDefinition(type, () -> FennelClients.create(beans.getBean(Fennel.class), type));
    registry.registerBeanDefinition(ClassUtils.getShortNameAsProperty(type), def);
  }
}
