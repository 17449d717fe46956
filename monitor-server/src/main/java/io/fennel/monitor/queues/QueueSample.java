package io.fennel.monitor.queues;

/**
 * The depth of one queue at one moment.
 *
 * @param queue the queue name
 * @param epochMillis when it was measured
 * @param messages ready messages, or -1 when the queue does not exist
 * @param consumers consumers attached, or -1 when the queue does not exist
 */
public record QueueSample(String queue, long epochMillis, long messages, int consumers) {}
