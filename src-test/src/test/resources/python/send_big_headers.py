"""Sends demo.add with headers that py-amqp encodes as 64-bit AMQP integers, then a plain one.

Usage: send_big_headers.py QUEUE
Prints {"big": <result of the first>, "plain": <result of the second>} on the last line.
"""
import json
import sys

from fennel_interop import app

queue = sys.argv[1]
big = app.send_task(
    "demo.add",
    args=[2, 3],
    queue=queue,
    headers={"big": 2**40, "nested": {"n": 2**41}, "listed": [2**42, 1]},
)
plain = app.send_task("demo.add", args=[4, 4], queue=queue)
print("sent", big.id, plain.id, flush=True)
print(json.dumps({"big": big.get(timeout=30), "plain": plain.get(timeout=30)}))
