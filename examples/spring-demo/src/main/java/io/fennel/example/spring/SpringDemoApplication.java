package io.fennel.example.spring;

import io.fennel.core.Fennel;
import io.fennel.core.TaskRef;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that uses Fennel: its web endpoints send tasks (to Python Celery
 * workers, to Fennel workers, to itself), and with the {@code worker} profile it also runs an
 * embedded worker for the tasks of {@link DemoTasks}.
 */
@SpringBootApplication
public class SpringDemoApplication {

  /** {@code demo.add} as a bean, so a controller can take the task it sends by type and name. */
  @Bean
  TaskRef addTask(Fennel fennel) {
    return fennel.task("demo.add");
  }

  public static void main(String[] args) {
    SpringApplication.run(SpringDemoApplication.class, args);
  }
}
