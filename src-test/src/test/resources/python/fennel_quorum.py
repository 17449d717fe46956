"""Declares a test's task queue as a RabbitMQ quorum queue on the Celery side.

Celery 5.2 has no task_default_queue_type, so the queue is listed in task_queues with the
x-queue-type argument; the same declaration on both sides keeps RabbitMQ from refusing either.
Celery 5.2's worker also asks RabbitMQ for global QoS, which quorum queues refuse; Celery 5.5
turns it off for quorum queues, and this module does the same for the test's worker.
"""
from kombu import Exchange, Queue
from kombu.transport import pyamqp


def use_quorum_queue(app, name):
    app.conf.task_queues = [
        Queue(name, Exchange(name, type="direct"), routing_key=name,
              queue_arguments={"x-queue-type": "quorum"}),
    ]
    # per-consumer prefetch instead of global QoS (what Celery 5.5 does for quorum queues)
    pyamqp.Transport.qos_semantics_matches_spec = lambda self, connection: True
