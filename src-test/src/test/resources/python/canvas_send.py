"""Sends one named workflow from Python Celery and prints its outcome as JSON on the last line.

Usage: canvas_send.py WORKFLOW QUEUE_A [QUEUE_B] [TIMEOUT]
       canvas_send.py restore GROUP_ID
Steps marked A go to QUEUE_A, steps marked B to QUEUE_B (QUEUE_A when not given), so one run
can put a chord's header on one fleet and its body on another. Prints {"state", "result"} or, on
failure, {"state", "exc_type", "exc_message"}; link_error also prints "errback_result" (and a
failing chain "failed_id", its failed step); group_save saves the group (GroupResult.save());
restore waits on a group saved elsewhere (GroupResult.restore) and prints its "members".
"""
import json
import sys
import uuid

from celery import chain, chord, group
from celery.result import GroupResult

from fennel_interop import add, app, echo, fail, mul, tsum

name, qa = sys.argv[1], sys.argv[2]
qb = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else qa
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 60.0


def a(sig):
    return sig.set(queue=qa)


def b(sig):
    return sig.set(queue=qb)


extra = {}
if name == "chain":
    res = chain(a(add.s(1, 2)), b(add.s(3)), a(mul.s(10))).apply_async()
elif name == "chain10":
    res = chain(a(add.s(0, 1)), *[(b if i % 2 else a)(add.s(1)) for i in range(9)]).apply_async()
elif name == "group":
    res = group(a(add.s(i, i)) for i in range(1, 4)).apply_async()
elif name == "chord":
    res = chord([a(add.s(1, 1)), a(add.s(2, 2)), a(add.s(3, 3))], b(tsum.s())).apply_async()
elif name == "chord_in_chain":
    res = chain(a(add.s(1, 2)), chord([a(add.s(1)), a(add.s(2))], b(tsum.s())), b(add.s(100))).apply_async()
elif name == "immutable":
    res = chain(a(add.s(1, 2)), b(add.si(10, 10)), a(add.s(1))).apply_async()
elif name == "group_of_chains":
    res = group(chain(a(add.s(1, 2)), b(add.s(3))), a(add.s(5, 5))).apply_async()
elif name == "chain_of_groups":
    res = chain(group(a(add.s(1, 1)), a(add.s(2, 2))), b(tsum.s()), group(a(add.s(1)), b(add.s(2)))).apply_async()
elif name == "starmap":
    # xstarmap.apply_async routes by its call options only (a .set(queue=...) is ignored)
    res = add.starmap([(1, 2), (3, 4)]).apply_async(queue=qa)
elif name == "map":
    # as starmap: xmap.apply_async routes by its call options only
    res = tsum.map([[1, 2], [3, 4]]).apply_async(queue=qa)
elif name == "group_save":
    res = group(a(add.s(i, i)) for i in range(1, 4)).apply_async()
    res.save()
elif name == "restore":
    res = GroupResult.restore(qa, app=app)
    if res is None:
        raise SystemExit("no saved group " + qa)
    extra["members"] = [r.id for r in res.results]
elif name == "chunks":
    res = add.chunks([(1, 2), (3, 4), (5, 6)], 2).group()
    res = group(a(s) for s in res.tasks).apply_async()
elif name == "link_error":
    errback_id = str(uuid.uuid4())
    res = a(fail.s("boom from a chain")).apply_async(link_error=b(echo.s()).set(task_id=errback_id))
    extra["errback_id"] = errback_id
elif name == "chain_link_error":
    # Celery links the errback to every step; the failing middle step calls it, the last never runs
    errback_id = str(uuid.uuid4())
    res = chain(a(add.s(1, 2)), a(fail.si("boom in a chain")), a(add.s(1))).apply_async(
        link_error=b(echo.s()).set(task_id=errback_id))
    extra["errback_id"] = errback_id
    extra["failed_id"] = res.parent.id
else:
    raise SystemExit("unknown workflow " + name)
print("sent", res.id, flush=True)
try:
    value = res.get(timeout=timeout, propagate=True)
    out = {"state": "SUCCESS", "id": res.id, "result": value}
except Exception as exc:  # the remote exception, rebuilt by Celery
    out = {"state": "FAILURE", "id": res.id, "exc_type": type(exc).__name__, "exc_message": str(exc)}
if "errback_id" in extra:
    out["errback_result"] = app.AsyncResult(extra["errback_id"]).get(timeout=timeout)
for key in ("failed_id", "members"):
    if key in extra:
        out[key] = extra[key]
print(json.dumps(out))
