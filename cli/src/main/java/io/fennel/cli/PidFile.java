package io.fennel.cli;

import io.fennel.core.error.FennelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A worker's pidfile: the process id as text and a newline, as Celery writes it. A pidfile whose
 * process is gone is stale and is removed; one whose process runs means the node is already up.
 */
record PidFile(Path path) {

  /** The process id in the file, if the file exists and holds one. */
  Optional<Long> read() {
    try {
      if (!Files.exists(path)) {
        return Optional.empty();
      }
      String text = Files.readString(path, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The live process the file names, if any (a JVM: a reused pid of another program is not). */
  Optional<ProcessHandle> live() {
    return read()
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("java")).orElse(true));
  }

  /** Removes the file if its process is gone; returns true when it did. */
  boolean removeIfStale() {
    if (Files.exists(path) && live().isEmpty()) {
      delete();
      return true;
    }
    return false;
  }

  /**
   * Writes this process's id, refusing when another live process holds the file.
   *
   * @throws FennelException naming the file and the running pid
   */
  void claim(long pid) {
    Optional<ProcessHandle> other = live().filter(p -> p.pid() != pid);
    if (other.isPresent()) {
      throw new FennelException(
          "pidfile "
              + path
              + " names running process "
              + other.get().pid()
              + "; that node is already running (stop it first, or pass another --pidfile)");
    }
    try {
      Path dir = path.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(path, pid + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FennelException("cannot write pidfile " + path + " (" + e + "); check the path", e);
    }
  }

  /** Removes the file. */
  void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // best effort: a leftover pidfile is cleaned as stale next time
    }
  }
}
