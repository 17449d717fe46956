"""Calls a no-op task N times, one at a time (delay().get()), and prints p50 and p99 in ms."""
import sys
import time

from fennel_bench import noop

n = int(sys.argv[1])
queue = sys.argv[2]
for _ in range(20):
    noop.apply_async(queue=queue).get(timeout=30)
times = []
for _ in range(n):
    t0 = time.perf_counter()
    noop.apply_async(queue=queue).get(timeout=30)
    times.append((time.perf_counter() - t0) * 1000.0)
times.sort()
print("p50 %.3f p99 %.3f" % (times[len(times) // 2], times[int(len(times) * 0.99)]), flush=True)
