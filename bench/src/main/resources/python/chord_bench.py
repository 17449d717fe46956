"""Celery's side of Fennel's chord benchmark: a Celery app with bench.noop and bench.count.

As a worker: python3 -m celery -A chord_bench worker -Q QUEUE -c 2 -P prefork
As the client: python3 chord_bench.py N QUEUE  -> prints "seconds <float>" for a chord of N
no-op tasks, from sending the header to reading the body's result (after one warm-up chord).
"""
import os
import sys
import time

from celery import Celery, chord

app = Celery(
    "chord_bench",
    broker=os.environ.get("BENCH_BROKER", "amqp://guest:guest@127.0.0.1:5672//"),
    backend=os.environ.get("BENCH_BACKEND", "redis://127.0.0.1:6379/13"),
)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)


@app.task(name="bench.noop")
def noop(*args):
    return None


@app.task(name="bench.count")
def count(results):
    return len(results)


if __name__ == "__main__":
    n, queue = int(sys.argv[1]), sys.argv[2]
    warm = chord([noop.s().set(queue=queue) for _ in range(10)], count.s().set(queue=queue))
    assert warm.apply_async().get(timeout=120) == 10
    t0 = time.perf_counter()
    res = chord([noop.s().set(queue=queue) for _ in range(n)], count.s().set(queue=queue)).apply_async()
    got = res.get(timeout=600)
    elapsed = time.perf_counter() - t0
    assert got == n, got
    print("seconds %.6f" % elapsed, flush=True)
