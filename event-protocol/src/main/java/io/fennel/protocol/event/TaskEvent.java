package io.fennel.protocol.event;

/** An event about one task, identified by its id ({@code uuid} on the wire). */
public sealed interface TaskEvent extends Event
    permits TaskSent,
        TaskReceived,
        TaskStarted,
        TaskSucceeded,
        TaskFailed,
        TaskRetried,
        TaskRejected,
        TaskRevoked {

  /** The task id. */
  String uuid();
}
