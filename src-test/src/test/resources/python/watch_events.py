"""Feeds Celery's own event State from a Celery event receiver and prints what it saw as JSON.

Usage: watch_events.py TASK_NAMES TIMEOUT
Prints "ready" once the receiver is bound, then waits until every task named in TASK_NAMES
(comma separated) has reached SUCCESS or FAILURE and some worker sent two heartbeats, or until
TIMEOUT seconds pass, and prints one JSON line with the workers and tasks State knows.
"""
import json
import sys
import time

from celery.events.state import State

from fennel_interop import app

names = set(sys.argv[1].split(","))
deadline = time.time() + float(sys.argv[2])
state = State()
heartbeats = {}
timelines = {}


def on_event(event):
    state.event(event)
    kind = event["type"]
    if kind == "worker-heartbeat":
        heartbeats[event["hostname"]] = heartbeats.get(event["hostname"], 0) + 1
    if kind.startswith("task-") and "uuid" in event:
        timelines.setdefault(event["uuid"], []).append(kind)


def done():
    finished = {t.name for t in state.tasks.values() if t.state in ("SUCCESS", "FAILURE")}
    return names <= finished and any(n >= 2 for n in heartbeats.values())


with app.connection() as connection:
    receiver = app.events.Receiver(connection, handlers={"*": on_event})

    def ready(*args, **kwargs):
        print("ready", flush=True)

    def check():
        if done() or time.time() > deadline:
            receiver.should_stop = True

    receiver.on_consume_ready = ready
    receiver.on_iteration = check
    for _ in receiver.itercapture(limit=None, timeout=None, wakeup=False):
        check()

summary = {
    "workers": {
        w.hostname: {
            "alive": w.alive,
            "heartbeats": heartbeats.get(w.hostname, 0),
            "sw_ident": w.sw_ident,
            "processed": w.processed,
        }
        for w in state.workers.values()
    },
    "tasks": {
        t.uuid: {
            "name": t.name,
            "state": t.state,
            "result": t.result,
            "exception": t.exception,
            "traceback": t.traceback,
            "retries": t.retries,
            "worker": t.worker.hostname if t.worker else None,
            "timeline": timelines.get(t.uuid, []),
        }
        for t in state.tasks.values()
    },
}
print(json.dumps(summary))
