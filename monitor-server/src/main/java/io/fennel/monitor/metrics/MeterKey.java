package io.fennel.monitor.metrics;

import java.util.Objects;

/**
 * The identity of one of {@link MonitorMetrics}' meters: its kind, task label, worker label and
 * event type (null when the kind has none). Its equals and hashCode are written out: the record's
 * generated ones go through method handles, which the console's C1-only JIT does not inline, and a
 * key is looked up for every event.
 */
record MeterKey(String kind, String task, String worker, String type) {
  @Override
  public boolean equals(Object o) {
    return o instanceof MeterKey k
        && Objects.equals(kind, k.kind)
        && Objects.equals(task, k.task)
        && Objects.equals(worker, k.worker)
        && Objects.equals(type, k.type);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(kind);
    h = h * 31 + Objects.hashCode(task);
    h = h * 31 + Objects.hashCode(worker);
    return h * 31 + Objects.hashCode(type);
  }
}
