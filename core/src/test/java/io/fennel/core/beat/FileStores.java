package io.fennel.core.beat;

import io.fennel.core.time.ManualScheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Opens a {@link FileScheduleStore} whose lease runs on a manual scheduler's moving clock. */
final class FileStores {
  private FileStores() {}

  static FileScheduleStore of(Path file, ManualScheduler scheduler) {
    return new FileScheduleStore(
        file,
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return scheduler.clock().instant();
          }
        });
  }
}
