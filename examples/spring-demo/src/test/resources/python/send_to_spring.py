"""Sends demo.add(2, 3) to the Spring sample's worker queue (argv[1]) and prints its id and result."""
import sys

from spring_demo_peer import app

result = app.send_task("demo.add", args=(2, 3), queue=sys.argv[1])
print("ID %s" % result.id, flush=True)
print("RESULT %s" % result.get(timeout=60), flush=True)
