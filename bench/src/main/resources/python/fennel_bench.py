"""The Celery app Fennel's benchmarks run as the Python reference: one no-op task.

Broker and result backend come from FENNEL_BENCH_BROKER and FENNEL_BENCH_BACKEND.
"""
import os

from celery import Celery

app = Celery(
    "fennel_bench",
    broker=os.environ.get("FENNEL_BENCH_BROKER", "amqp://guest:guest@127.0.0.1:5672//"),
    backend=os.environ.get("FENNEL_BENCH_BACKEND") or None,
)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)


@app.task(name="bench.noop")
def noop():
    return None
