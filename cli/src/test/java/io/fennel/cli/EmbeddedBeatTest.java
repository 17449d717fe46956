package io.fennel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fennel.core.Fennel;
import io.fennel.core.beat.BeatEntry;
import io.fennel.core.beat.EntryState;
import io.fennel.core.beat.FileScheduleStore;
import io.fennel.core.error.FennelException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -A} class's {@code public static List<BeatEntry> beatSchedule()} adds entries to the
 * beat, which sends them; a hook of the wrong shape or one that throws is refused with its name.
 */
class EmbeddedBeatTest {
  private static final CliEnvironment NO_ENV =
      new CliEnvironment(Map.of(), new ByteArrayInputStream(new byte[0]));

  @TempDir Path dir;
  private final Fennel app =
      Fennel.builder().brokerUrl("memory://embedded-beat-" + UUID.randomUUID()).build();
  private final StringWriter out = new StringWriter();

  @AfterEach
  void close() {
    app.close();
  }

  /** An app class with tasks and a schedule in code. */
  public static final class WithSchedule {
    public static void define(Fennel app) {
      app.register("hook.tick", call -> "tock");
    }

    public static List<BeatEntry> beatSchedule() {
      return List.of(
          BeatEntry.named("tick-fast").task("hook.tick").every(Duration.ofMillis(300)).build());
    }
  }

  /** A hook that is not static. */
  public static final class InstanceHook {
    public static void define(Fennel app) {
      app.register("hook.instance", call -> null);
    }

    public List<BeatEntry> beatSchedule() {
      return List.of();
    }
  }

  /** A hook that fails. */
  public static final class FailingHook {
    public static void define(Fennel app) {
      app.register("hook.failing", call -> null);
    }

    public static List<BeatEntry> beatSchedule() {
      throw new IllegalStateException("no schedule today");
    }
  }

  private EmbeddedBeat start(Class<?> appClass, Path store) {
    AppLoader.define(app, appClass.getName(), NO_ENV);
    return EmbeddedBeat.start(
        app, appClass.getName(), NO_ENV, null, store.toString(), null, true, new PrintWriter(out));
  }

  @Test
  @SuppressWarnings("try") // the beat runs while the block does
  void givenAnAppClassWithBeatScheduleWhenTheBeatStartsThenItsEntriesAreListedAndSent() {
    Path store = dir.resolve("beat.json");
    try (EmbeddedBeat beat = start(WithSchedule.class, store)) {
      assertThat(out.toString()).contains(". tick-fast: hook.tick every 0.3 seconds");
      try (FileScheduleStore s = new FileScheduleStore(store, Clock.systemUTC())) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> {
              EntryState st = s.states(List.of("tick-fast")).get("tick-fast");
              return st != null && st.totalRuns() >= 2;
            });
      }
    }
  }

  @Test
  void givenAHookThatIsNotStaticThenTheBeatRefusesToStartSayingTheShapeItNeeds() {
    assertThatThrownBy(() -> start(InstanceHook.class, dir.resolve("s.json")))
        .isInstanceOf(FennelException.class)
        .hasMessage(
            InstanceHook.class.getName()
                + ".beatSchedule() must be 'public static List<BeatEntry> beatSchedule()'");
  }

  @Test
  void givenAHookThatThrowsThenTheBeatRefusesToStartWithItsMessage() {
    assertThatThrownBy(() -> start(FailingHook.class, dir.resolve("s.json")))
        .isInstanceOf(FennelException.class)
        .hasMessage(FailingHook.class.getName() + ".beatSchedule() failed: no schedule today");
  }
}
