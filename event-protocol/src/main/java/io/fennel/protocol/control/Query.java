package io.fennel.protocol.control;

/**
 * The read-only commands, Celery's {@code inspect} ones: they ask a worker what it runs, holds,
 * knows and how it is set up, and change nothing (mingle's {@code hello} only merges revoked ids).
 */
public sealed interface Query extends Command
    permits Ping,
        Active,
        Reserved,
        Scheduled,
        Revoked,
        Registered,
        Stats,
        ActiveQueues,
        Conf,
        QueryTask,
        Report,
        Clock,
        Hello {}
