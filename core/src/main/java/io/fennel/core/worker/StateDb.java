package io.fennel.core.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.runtime.FailureHandler;
import io.fennel.core.time.Scheduler;
import io.fennel.protocol.PythonJson;
import io.fennel.protocol.clock.LamportClock;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --statedb FILE}: the worker's revoked ids (with when each was revoked) and its Lamport
 * clock, kept in a JSON file so a restart does not forget them. Loaded at start; saved a moment
 * after a revoke (revokes in a burst share one write) and at shutdown, each time to a temporary
 * file moved over the old one atomically, so a crash leaves the old file or the new one.
 */
final class StateDb {
  private static final Logger log = LoggerFactory.getLogger(StateDb.class);

  /** The failure kind under which a state file that cannot be written is counted. */
  static final String FAILURE_KIND = "worker.statedb";

  /** How long a revoke waits for others to join its write. */
  static final Duration BATCH = Duration.ofSeconds(1);

  private final Path file;
  private final Revocations revocations;
  private final Scheduler scheduler;
  private final FailureHandler failures;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile LamportClock clock;

  StateDb(Path file, Revocations revocations, Scheduler scheduler, FailureHandler failures) {
    this.file = file.toAbsolutePath();
    this.revocations = revocations;
    this.scheduler = scheduler;
    this.failures = failures;
  }

  /** Keeps {@code c} in the file too; its saved value is applied to it at once. */
  void keepClock(LamportClock c) {
    clock = c;
    long saved = readClock();
    if (saved > 0) {
      c.adjust(saved);
    }
  }

  /**
   * Reads the file (a missing one is an empty state) and starts saving on every revoke.
   *
   * @throws IllegalArgumentException for a file that is not a Fennel state file, naming it
   */
  void load() {
    JsonNode root = read();
    if (root != null) {
      Map<String, Long> ids = new HashMap<>();
      root.path("revoked").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asLong()));
      revocations.restore(ids);
      log.info("state file {}: {} revoked id(s) reloaded", file, revocations.ids().size());
    }
    revocations.onChange(this::saveSoon);
  }

  private long readClock() {
    JsonNode root = read();
    return root == null ? 0 : root.path("clock").asLong();
  }

  private JsonNode read() {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode root = PythonJson.read("statedb " + file, Files.readAllBytes(file));
      if (!root.isObject() || !root.has("revoked")) {
        throw new IllegalArgumentException(
            "--statedb " + file + " is not a Fennel state file; give a new path or remove it");
      }
      return root;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "--statedb " + file + " cannot be read (" + e.getMessage() + "); fix or remove it", e);
    }
  }

  private void saveSoon() {
    if (pending.compareAndSet(false, true)) {
      scheduler.schedule(
          () -> {
            pending.set(false);
            save();
          },
          BATCH);
    }
  }

  /** Writes the state now. Never throws: a failure is counted under {@value #FAILURE_KIND}. */
  void save() {
    ObjectNode root = PythonJson.MAPPER.createObjectNode();
    root.put("version", 1);
    LamportClock c = clock;
    root.put("clock", c == null ? 0 : c.value());
    ObjectNode ids = root.putObject("revoked");
    revocations.snapshot().forEach(ids::put);
    try {
      Path dir = file.getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.write(tmp, PythonJson.writeBytes(root));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      failures.handle(FAILURE_KIND, "saving the worker state to " + file, e);
    }
  }
}
