package io.fennel.monitor.pages;

import io.fennel.monitor.state.TaskView;
import java.util.List;

/**
 * One task's page.
 *
 * @param chrome the frame
 * @param task the task with its timeline
 * @param timeline the timeline rows, oldest first
 */
public record TaskPage(PageChrome chrome, TaskView task, List<TimelineRow> timeline) {

  /**
   * One event of the timeline.
   *
   * @param time when, formatted
   * @param type the event type
   * @param worker the sender's node name
   * @param sincePrevious time since the previous event, formatted ("" for the first)
   * @param details the event's own fields, as {@code key=value} text
   */
  public record TimelineRow(
      String time, String type, String worker, String sincePrevious, String details) {}
}
