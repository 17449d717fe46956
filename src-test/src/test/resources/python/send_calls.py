"""Sends one task by name several times from Python Celery and prints each outcome as JSON.

Usage: send_calls.py NAME QUEUE CALLS_JSON [TIMEOUT]
CALLS_JSON is a list of [args, kwargs] pairs. One line per call, in order:
{"state": ..., "result": ...} or {"state": "FAILURE", "exc_type": ..., "exc_module": ...,
"is_type_error": ..., "exc_message": ...}.
"""
import json
import sys

from fennel_interop import app

name, queue, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
results = [app.send_task(name, args=args, kwargs=kwargs, queue=queue) for args, kwargs in calls]
for result in results:
    try:
        value = result.get(timeout=timeout, propagate=True)
        print(json.dumps({"state": result.state, "id": result.id, "result": value}), flush=True)
    except Exception as exc:  # the remote exception, rebuilt by Celery
        print(json.dumps({
            "state": result.state,
            "id": result.id,
            "exc_type": type(exc).__name__,
            "exc_module": type(exc).__module__,
            "is_type_error": isinstance(exc, TypeError),
            "exc_message": str(exc),
        }), flush=True)
