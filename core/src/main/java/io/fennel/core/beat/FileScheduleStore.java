package io.fennel.core.beat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fennel.core.error.FennelException;
import io.fennel.protocol.PythonJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The default store: one JSON file ({@code --schedule PATH}), rewritten atomically on each change,
 * with a lock file beside it ({@code PATH.lock}) held only during a read-modify-write, so beats and
 * consoles on one machine may share it. The lease lives in the file and expires on {@code clock}.
 */
public final class FileScheduleStore implements ScheduleStore {
  /** File locks belong to the whole JVM, so stores of one path in one JVM also share a lock. */
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path path;
  private final Path lockPath;
  private final Clock clock;

  public FileScheduleStore(Path path, Clock clock) {
    this.path = path.toAbsolutePath().normalize();
    this.lockPath = this.path.resolveSibling(this.path.getFileName() + ".lock");
    this.clock = clock;
    try {
      Path dir = this.path.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new FennelException(
          "cannot create the folder of schedule file " + this.path + " (" + e + ")", e);
    }
  }

  private <T> T locked(boolean write, Function<StateTable, T> op) {
    ReentrantLock local = IN_PROCESS.computeIfAbsent(path, p -> new ReentrantLock());
    local.lock();
    try (FileChannel ch =
            FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      if (!held.isValid()) {
        throw new IOException("lock on " + lockPath + " was lost");
      }
      StateTable t = load();
      T result = op.apply(t);
      if (write) {
        save(t);
      }
      return result;
    } catch (IOException e) {
      throw new FennelException(
          "cannot use schedule file " + path + " (" + e + "); check the path and its permissions",
          e);
    } finally {
      local.unlock();
    }
  }

  private StateTable load() throws IOException {
    StateTable t = new StateTable();
    if (!Files.exists(path) || Files.size(path) == 0) {
      return t;
    }
    JsonNode root;
    try {
      root = PythonJson.MAPPER.readTree(path.toFile());
    } catch (IOException e) {
      throw new FennelException(
          "schedule file "
              + path
              + " is not Fennel's JSON ("
              + e.getMessage()
              + "); remove it or point --schedule elsewhere",
          e);
    }
    JsonNode lease = root.path("lease");
    if (lease.hasNonNull("holder")) {
      t.leaseHolder = lease.get("holder").asText();
      t.leaseUntil = Instant.parse(lease.get("until").asText());
    }
    root.path("entries")
        .properties()
        .forEach(e -> t.states.put(e.getKey(), StateJson.read(e.getValue())));
    for (JsonNode d : root.path("definitions")) {
      t.definitions.add(PythonJson.MAPPER.convertValue(d, EntryDefinition.class));
    }
    return t;
  }

  private void save(StateTable t) throws IOException {
    ObjectNode root = PythonJson.MAPPER.createObjectNode();
    root.put("version", 1);
    ObjectNode lease = root.putObject("lease");
    if (t.leaseHolder != null) {
      lease.put("holder", t.leaseHolder);
      lease.put("until", t.leaseUntil.toString());
    }
    ObjectNode entries = root.putObject("entries");
    t.states.forEach((k, v) -> entries.set(k, StateJson.write(v)));
    root.set("definitions", PythonJson.MAPPER.valueToTree(t.definitions));
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.write(tmp, PythonJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String describe() {
    return path.toString();
  }

  @Override
  public Map<String, EntryState> states(Collection<String> names) {
    return locked(false, t -> t.states(names));
  }

  @Override
  public void initialize(String entry, Instant anchor) {
    locked(
        true,
        t -> {
          t.initialize(entry, anchor);
          return null;
        });
  }

  @Override
  public boolean holdLease(String holder, Duration ttl) {
    return locked(true, t -> t.holdLease(holder, ttl, clock.instant()));
  }

  @Override
  public void releaseLease(String holder) {
    locked(
        true,
        t -> {
          t.releaseLease(holder);
          return null;
        });
  }

  @Override
  public Optional<String> leaseHolder() {
    return locked(false, t -> t.leaseHolder(clock.instant()));
  }

  @Override
  public boolean claim(Claim claim) {
    return locked(true, t -> t.claim(claim, clock.instant()));
  }

  @Override
  public void confirm(String entry, String taskId) {
    locked(
        true,
        t -> {
          t.confirm(entry, taskId);
          return null;
        });
  }

  @Override
  public void setPaused(String entry, boolean paused, Instant now) {
    locked(
        true,
        t -> {
          t.setPaused(entry, paused, now);
          return null;
        });
  }

  @Override
  public void requestRun(String entry, Instant now) {
    locked(
        true,
        t -> {
          t.requestRun(entry, now);
          return null;
        });
  }

  @Override
  public void publishDefinitions(List<EntryDefinition> definitions) {
    locked(
        true,
        t -> {
          t.publishDefinitions(definitions);
          return null;
        });
  }

  @Override
  public List<EntryDefinition> definitions() {
    return locked(false, t -> List.copyOf(t.definitions));
  }

  @Override
  public void close() {}
}
