package io.fennel.core.worker;

/**
 * What a process pool's children did since the pool started: started (replacements included), lost
 * (died by themselves: {@code WorkerLostError}), killed for a hard time limit, replaced because
 * their resident memory passed {@code worker_max_memory_per_child}, and alive now.
 */
public record ProcessPoolStats(
    long started, long lost, long killed, long memoryRecycles, int alive) {
  /** All zero: a pool without children. */
  public static final ProcessPoolStats NONE = new ProcessPoolStats(0, 0, 0, 0, 0);
}
