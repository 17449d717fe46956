"""Sends one task from Python Celery in a chosen format and prints its outcome as JSON last.

Usage: send_formats.py NAME QUEUE ARGS_JSON SERIALIZER COMPRESSION PROTOCOL [SECURITY_DIR|-]
       [RESULT_SERIALIZER]
SERIALIZER is json, msgpack or yaml (auth when SECURITY_DIR is given); COMPRESSION is none,
zlib, gzip or bzip2; PROTOCOL is 1 or 2; RESULT_SERIALIZER (default json) is also accepted for
results. Prints {"state": ..., "result": ...}.
"""
import json
import sys

from fennel_interop import app

name, queue, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
serializer, compression, protocol = sys.argv[4], sys.argv[5], int(sys.argv[6])
app.conf.task_protocol = protocol
if len(sys.argv) > 8:
    app.conf.result_serializer = sys.argv[8]
    app.conf.result_accept_content = ["json", sys.argv[8]]
if len(sys.argv) > 7 and sys.argv[7] != "-":
    import fennel_security

    fennel_security.sign_and_verify(app, sys.argv[7])
else:
    app.conf.task_serializer = serializer
options = {} if compression == "none" else {"compression": compression}
result = app.send_task(name, args=args, queue=queue, **options)
print("sent", result.id, flush=True)
try:
    value = result.get(timeout=30, propagate=True)
    print(json.dumps({"state": result.state, "id": result.id, "result": value}))
except Exception as exc:
    print(json.dumps({"state": result.state, "id": result.id, "error": repr(exc)}))
