package io.fennel.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test access to the captured Celery wire vectors under {@code shared/celery-wire}. */
public final class Vectors {
  private Vectors() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The {@code celery-wire} folder. */
  public static Path root() {
    String shared = System.getProperty("fennel.shared.dir");
    Path base = shared != null ? Path.of(shared) : Path.of("../../shared");
    if (!Files.isDirectory(base.resolve("celery-wire"))) {
      base = Path.of("../../shared");
    }
    return base.resolve("celery-wire");
  }

  /** JSON files directly in {@code dir} (relative to the root), sorted by name. */
  public static List<Path> files(String dir) {
    try (Stream<Path> s = Files.list(root().resolve(dir))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a vector file (plain Jackson, so the test does not rely on the code under test). */
  public static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A named sample. */
  public record Sample(String name, JsonNode json) {}

  /** Every captured AMQP task message: tasks, worker-published tasks and firehose publishes. */
  public static List<Sample> taskMessages() {
    List<Sample> out = new ArrayList<>();
    for (Path p : files("amqp/tasks")) {
      out.add(new Sample("tasks/" + p.getFileName(), read(p)));
    }
    for (Path p : files("amqp/tasks/worker_published")) {
      out.add(new Sample("worker_published/" + p.getFileName(), read(p)));
    }
    for (Path p : files("amqp/firehose")) {
      JsonNode messages = read(p).get("messages");
      for (int i = 0; i < messages.size(); i++) {
        JsonNode m = messages.get(i);
        if (m.path("properties").path("headers").has("task")) {
          out.add(new Sample("firehose/" + p.getFileName() + "#" + i, m));
        }
      }
    }
    return out;
  }
}
