package io.fennel.monitor.sse;

/**
 * Running totals of finished tasks at one moment, for the succeeded/failed-per-second charts.
 *
 * @param timestamp epoch seconds
 * @param succeeded task-succeeded events seen since the console started
 * @param failed task-failed events seen since the console started
 */
public record CounterSample(double timestamp, long succeeded, long failed) {}
