"""Sends N no-op tasks to a queue with Celery's send_task in one loop and prints the rate."""
import sys
import time

from fennel_bench import app

n = int(sys.argv[1])
queue = sys.argv[2]
with app.producer_or_acquire() as producer:
    app.send_task("bench.noop", queue=queue, ignore_result=True, producer=producer)
    t0 = time.perf_counter()
    for _ in range(n):
        app.send_task("bench.noop", queue=queue, ignore_result=True, producer=producer)
    elapsed = time.perf_counter() - t0
print("rate %.1f" % (n / elapsed), flush=True)
