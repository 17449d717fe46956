package io.fennel.monitor.state;

import java.util.Map;

/**
 * One event in a task's life as the console keeps it: its type, when and where it happened, and the
 * event's own fields as strings (the long ones shared with the task's merged fields, not copied).
 *
 * @param type the event type, e.g. {@code task-started}
 * @param timestamp when the sender sent it, epoch seconds
 * @param hostname the sender's node name
 * @param clock the sender's Lamport clock
 * @param fields the event's type-specific fields, nulls left out
 */
public record TimelineEntry(
    String type, double timestamp, String hostname, long clock, Map<String, String> fields) {}
