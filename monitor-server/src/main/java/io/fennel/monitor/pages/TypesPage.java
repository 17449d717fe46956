package io.fennel.monitor.pages;

import io.fennel.monitor.metrics.TaskTypeStats;
import java.util.List;

/**
 * What the task types page shows: per type, how many finished, the failure rate, runtime and
 * queue-wait percentiles (also in {@code /metrics} as {@code fennel_task_stats_*}).
 *
 * @param chrome the frame
 * @param rows one row per task type (as counted: at most {@code --max-task-names} and other)
 */
public record TypesPage(PageChrome chrome, List<TaskTypeStats.Row> rows) {}
