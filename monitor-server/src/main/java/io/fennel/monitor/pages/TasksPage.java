package io.fennel.monitor.pages;

import io.fennel.monitor.state.TaskView;
import java.util.List;
import java.util.Set;

/**
 * One page of the task list.
 *
 * @param chrome the frame
 * @param filter the filters and page
 * @param tasks the rows
 * @param hasNext whether a next page exists
 * @param taskNames task names to filter by
 * @param workerNames worker names to filter by
 * @param kept tasks kept in all
 */
public record TasksPage(
    PageChrome chrome,
    TaskFilter filter,
    List<TaskView> tasks,
    boolean hasNext,
    Set<String> taskNames,
    Set<String> workerNames,
    int kept) {}
