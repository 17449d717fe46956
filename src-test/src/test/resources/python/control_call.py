"""Calls one of Python Celery's app.control methods and prints what it returned as JSON on the last line.

Usage: control_call.py NODE METHOD ARGS_JSON
  METHOD is an app.control method (revoke, rate_limit, time_limit, ...) called with the keyword
  arguments ARGS_JSON, to NODE only and waiting for its reply; with NODE "-" it is called with
  exactly ARGS_JSON, as a user would (app.control.revoke(id, terminate=1) is a cast to every node).
  inspect.NAME calls app.control.inspect(destination=[NODE]).NAME(*ARGS_JSON).
"""
import json
import sys

from fennel_interop import app

node, method, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if method.startswith("inspect."):
    inspect = app.control.inspect(destination=[node], timeout=5)
    result = getattr(inspect, method.split(".", 1)[1])(*args)
elif node == "-":
    result = getattr(app.control, method)(**args)
else:
    result = getattr(app.control, method)(destination=[node], reply=True, timeout=5, **args)
print(json.dumps(result))
