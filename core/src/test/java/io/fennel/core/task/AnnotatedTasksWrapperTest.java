package io.fennel.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fennel.protocol.PythonJson;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AnnotatedTasks#of(Object, Class)}: tasks declared by a class but called on a wrapper of
 * it, a subclass or an interface proxy, so the wrapper's code runs around every task.
 */
class AnnotatedTasksWrapperTest {
  /** The interface an interface proxy of {@link Adder} implements. */
  public interface Adding {
    int add(int x, int y);
  }

  /** Declares the task. */
  public static class Adder implements Adding {
    @Override
    @Task(name = "wrap.add")
    public int add(int x, int y) {
      return x + y;
    }
  }

  /** Declares a task that no interface exposes. */
  public static class Hidden {
    @Task(name = "wrap.hidden")
    public int hidden() {
      return 1;
    }
  }

  static Object run(TaskDefinition def, Object... args) throws Exception {
    ArrayNode a = PythonJson.MAPPER.valueToTree(List.of(args));
    TaskContext ctx =
        (TaskContext)
            Proxy.newProxyInstance(
                TaskContext.class.getClassLoader(),
                new Class<?>[] {TaskContext.class},
                (p, m, unused) -> "name".equals(m.getName()) ? def.name() : null);
    return def.handler().run(new TaskCall(a, PythonJson.MAPPER.createObjectNode(), ctx));
  }

  @Test
  void givenASubclassWrapperWhenTheTaskRunsThenTheWrappersOverrideIsCalled() throws Exception {
    List<String> calls = new ArrayList<>();
    Adder wrapper =
        new Adder() {
          @Override
          public int add(int x, int y) {
            calls.add("around");
            return super.add(x, y);
          }
        };

    List<TaskDefinition> defs = AnnotatedTasks.of(wrapper, Adder.class);

    assertThat(defs).extracting(TaskDefinition::name).containsExactly("wrap.add");
    assertThat(run(defs.get(0), 2, 3)).isEqualTo(5);
    assertThat(calls).containsExactly("around");
  }

  @Test
  void givenAnInterfaceProxyWhenTheTaskRunsThenItIsCalledThroughTheInterface() throws Exception {
    Adder target = new Adder();
    List<String> calls = new ArrayList<>();
    Object proxy =
        Proxy.newProxyInstance(
            Adding.class.getClassLoader(),
            new Class<?>[] {Adding.class},
            (p, method, args) -> {
              calls.add(method.getName());
              return method.invoke(target, args);
            });

    TaskDefinition def = AnnotatedTasks.of(proxy, Adder.class).get(0);

    assertThat(run(def, 4, 5)).isEqualTo(9);
    assertThat(calls).containsExactly("add");
  }

  @Test
  void givenAProxyWithoutTheTasksMethodWhenRegisteredThenTheErrorNamesTheTaskAndTheFix() {
    Object proxy =
        Proxy.newProxyInstance(
            Adding.class.getClassLoader(), new Class<?>[] {Adding.class}, (p, m, a) -> null);

    assertThatThrownBy(() -> AnnotatedTasks.of(proxy, Hidden.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task wrap.hidden")
        .hasMessageContaining("has no such public method");
  }
}
