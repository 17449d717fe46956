package io.fennel.monitor.pages;

import io.fennel.monitor.state.WorkerView;
import java.util.List;

/**
 * What the worker list shows.
 *
 * @param chrome the frame
 * @param workers every known worker, by name
 * @param now the console's time, epoch seconds
 */
public record WorkersPage(PageChrome chrome, List<WorkerView> workers, double now) {}
