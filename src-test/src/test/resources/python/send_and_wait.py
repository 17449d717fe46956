"""Sends one task by name from Python Celery and prints its outcome as JSON on the last line.

Usage: send_and_wait.py NAME QUEUE ARGS_JSON [TIMEOUT]
Prints {"state": ..., "result": ...} or {"state": "FAILURE", "exc_type": ..., "exc_message": ...,
"traceback": ...}.
"""
import json
import sys

from fennel_interop import app

name, queue, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
result = app.send_task(name, args=args, queue=queue)
print("sent", result.id, flush=True)
try:
    value = result.get(timeout=timeout, propagate=True)
    print(json.dumps({"state": result.state, "id": result.id, "result": value}))
except Exception as exc:  # the remote exception, rebuilt by Celery
    print(json.dumps({
        "state": result.state,
        "id": result.id,
        "exc_type": type(exc).__name__,
        "exc_message": str(exc),
        "traceback": result.traceback,
    }))
