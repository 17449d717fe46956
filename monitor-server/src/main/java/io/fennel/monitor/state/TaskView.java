package io.fennel.monitor.state;

import io.fennel.protocol.state.TaskState;
import java.util.List;

/**
 * What the console knows about one task at one moment: merged fields from all its events and the
 * events themselves, oldest first. Timestamps are epoch seconds, null when that event was not seen.
 *
 * @param uuid the task id
 * @param name the task name, null until an event carrying it arrived
 * @param state the merged state
 * @param worker the node that received or ran it
 * @param args positional arguments, a Python repr string
 * @param kwargs keyword arguments, a Python repr string
 * @param result the return value, a Python repr string
 * @param exception the exception, a Python repr string
 * @param traceback the traceback text
 * @param runtime seconds it ran
 * @param retries how often it was retried
 * @param eta ISO-8601 earliest run time
 * @param expires ISO-8601 expiry
 * @param queue the queue it was sent to
 * @param parentId the task that sent it
 * @param rootId the first task of its workflow
 * @param children ids of tasks it sent
 * @param sent when task-sent was sent
 * @param received when task-received was sent
 * @param started when task-started was sent
 * @param succeeded when task-succeeded was sent
 * @param failed when task-failed was sent
 * @param retried when task-retried was sent
 * @param revoked when task-revoked was sent
 * @param rejected when task-rejected was sent
 * @param timestamp the newest event's timestamp
 * @param clock the newest event's Lamport clock
 * @param timeline every event seen, oldest first
 * @param countedAs the name it is counted and labelled under in metrics: its name, or {@code other}
 *     once {@link StateLimits#maxTaskNames()} names are counted
 * @param truncated the text fields cut to {@link StateLimits#maxFieldBytes()} ({@code result},
 *     {@code traceback}, ...), empty when none was
 */
public record TaskView(
    String uuid,
    String name,
    TaskState state,
    String worker,
    String args,
    String kwargs,
    String result,
    String exception,
    String traceback,
    Double runtime,
    int retries,
    String eta,
    String expires,
    String queue,
    String parentId,
    String rootId,
    List<String> children,
    Double sent,
    Double received,
    Double started,
    Double succeeded,
    Double failed,
    Double retried,
    Double revoked,
    Double rejected,
    double timestamp,
    long clock,
    List<TimelineEntry> timeline,
    String countedAs,
    List<String> truncated) {}
