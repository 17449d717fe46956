package io.fennel.monitor.pages;

import io.fennel.monitor.queues.QueueSample;
import java.util.List;

/**
 * What the queues page shows.
 *
 * @param chrome the frame
 * @param latest the newest sample of each queue
 * @param series JSON {@code {"queue": [[ts...], [depth...], [consumers...]]}} to seed the chart
 */
public record QueuesPage(PageChrome chrome, List<QueueSample> latest, String series) {}
