package io.fennel.core.beat;

import java.time.Instant;
import java.util.Optional;

/**
 * Runs once at {@code at}; a beat that was down at that moment sends it once when it comes back.
 */
public record OneOff(Instant at) implements Schedule {
  public OneOff {
    if (at == null) {
      throw new BeatConfigException("a one-off schedule needs an instant");
    }
  }

  @Override
  public Optional<Instant> nextAfter(Instant last) {
    return at.isAfter(last) ? Optional.of(at) : Optional.empty();
  }

  @Override
  public Instant anchor(Instant now) {
    return Instant.EPOCH.isBefore(at) ? Instant.EPOCH : at.minusSeconds(1);
  }

  @Override
  public String spec() {
    return at.toString();
  }

  @Override
  public String describe() {
    return "once at " + at;
  }
}
