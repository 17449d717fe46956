"""Sends one task from Python Celery to a quorum queue and prints its outcome as JSON last.

Usage: send_quorum.py NAME QUEUE ARGS_JSON
"""
import json
import sys

import fennel_quorum
from fennel_interop import app

name, queue, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
fennel_quorum.use_quorum_queue(app, queue)
result = app.send_task(name, args=args, queue=queue)
print("sent", result.id, flush=True)
value = result.get(timeout=30, propagate=True)
print(json.dumps({"state": result.state, "id": result.id, "result": value}))
