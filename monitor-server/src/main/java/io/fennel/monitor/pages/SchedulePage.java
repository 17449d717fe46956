package io.fennel.monitor.pages;

import java.util.List;

/**
 * What the Schedule page shows: where the beat state is, a problem reading it (or null), a notice
 * after an action (or null) and one row per entry.
 */
public record SchedulePage(
    PageChrome chrome, String store, String problem, String notice, List<SchedulePage.Row> rows) {

  /**
   * One beat entry.
   *
   * @param lastRun when its last task was sent, or "never"
   * @param lastTaskId that task's id, or null
   * @param nextRun when it runs next ("paused", or "-" for a one-off that ran)
   * @param lag how late it is, "" when on time
   * @param runNowPending a run-now request the leader has not sent yet
   */
  public record Row(
      String name,
      String task,
      String words,
      String spec,
      String queue,
      String lastRun,
      String lastTaskId,
      String nextRun,
      String lag,
      long runs,
      boolean paused,
      boolean runNowPending) {}
}
