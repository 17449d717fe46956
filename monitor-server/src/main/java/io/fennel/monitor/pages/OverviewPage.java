package io.fennel.monitor.pages;

import io.fennel.monitor.state.TaskView;
import io.fennel.protocol.state.TaskState;
import java.util.List;
import java.util.Map;

/**
 * What the overview shows.
 *
 * @param chrome the frame
 * @param online workers online
 * @param offline workers offline
 * @param states kept tasks by state
 * @param kept tasks kept
 * @param maxTasks the bound on kept tasks
 * @param failures the newest failed tasks
 * @param rates JSON {@code [[ts...], [succeeded total...], [failed total...]]} to seed the chart
 * @param queues JSON {@code {"queue": [[ts...], [depth...]]}} to seed the chart
 * @param workers every known worker, for the per-worker table
 */
public record OverviewPage(
    PageChrome chrome,
    long online,
    long offline,
    Map<TaskState, Long> states,
    int kept,
    int maxTasks,
    List<TaskView> failures,
    String rates,
    String queues,
    List<io.fennel.monitor.state.WorkerView> workers) {}
