"""A small Celery app that Fennel's interop tests run as a Python peer.

Broker and result backend come from FENNEL_IT_BROKER and FENNEL_IT_BACKEND.
"""
import os
import time

from celery import Celery

app = Celery(
    "fennel_interop",
    broker=os.environ.get("FENNEL_IT_BROKER", "amqp://guest:guest@127.0.0.1:5672//"),
    backend=os.environ.get("FENNEL_IT_BACKEND", "redis://127.0.0.1:6379/14"),
)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    task_track_started=True,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
    task_acks_late=os.environ.get("FENNEL_IT_ACKS_LATE") == "1",
)
if os.environ.get("FENNEL_IT_VISIBILITY_TIMEOUT"):
    # kombu takes it as a transport option; a ?visibility_timeout= in a Redis URL fails in Celery.
    app.conf.broker_transport_options = {
        "visibility_timeout": float(os.environ["FENNEL_IT_VISIBILITY_TIMEOUT"]),
    }


@app.task(name="demo.add")
def add(x, y):
    return x + y


@app.task(name="demo.fail")
def fail(message):
    raise ValueError(message)


@app.task(name="demo.sleep")
def sleep(seconds):
    time.sleep(seconds)
    return seconds


@app.task(name="demo.mul")
def mul(x, y):
    return x * y


@app.task(name="demo.tsum")
def tsum(numbers):
    return sum(numbers)


@app.task(name="demo.noop")
def noop(*args):
    return None


@app.task(name="demo.echo")
def echo(value):
    return value

# The format interop tests (CeleryFormatsInteropTest) set these on a Python worker.
if os.environ.get("FENNEL_IT_ACCEPT"):
    app.conf.accept_content = os.environ["FENNEL_IT_ACCEPT"].split(",")
if os.environ.get("FENNEL_IT_RESULT_SERIALIZER"):
    app.conf.result_serializer = os.environ["FENNEL_IT_RESULT_SERIALIZER"]
    # the worker reads its own STARTED record back before it stores SUCCESS
    app.conf.result_accept_content = ["json", os.environ["FENNEL_IT_RESULT_SERIALIZER"]]
if os.environ.get("FENNEL_IT_SECURITY_DIR"):
    import fennel_security

    fennel_security.sign_and_verify(app, os.environ["FENNEL_IT_SECURITY_DIR"])
if os.environ.get("FENNEL_IT_QUORUM_QUEUE"):
    import fennel_quorum

    fennel_quorum.use_quorum_queue(app, os.environ["FENNEL_IT_QUORUM_QUEUE"])
