"""A Python Celery app beside the Spring sample: its worker runs py.greet, its client sends to the sample."""
import os

from celery import Celery

app = Celery(
    "spring_demo_peer",
    broker=os.environ["SPRING_DEMO_BROKER"],
    backend=os.environ["SPRING_DEMO_BACKEND"],
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    worker_hijack_root_logger=False,
)


@app.task(name="py.greet")
def greet(name):
    return "hello %s from python" % name
