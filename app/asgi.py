"""ASGI entry point for uvicorn and gunicorn: `app.asgi:app`."""

import gc
import sys

from app.main import create_app

# Pages run in a thread pool, and their threads alternate between Python work and database
# calls that release the GIL. With CPython's default 5 ms switch interval a thread back
# from the database waits up to 5 ms for the GIL each time (the "convoy effect"): with 8
# concurrent requests on 2 workers, throughput fell to under half of what 2 requests got.
# 0.2 ms more than doubled it (python -m bench; README, Performance).
sys.setswitchinterval(0.0002)

app = create_app()

# A page loads hundreds of ORM objects, which refer to their state and back: cycles, so
# the collector ran every 700 allocations and a full collection walked every object of
# the process, the framework's own included. Objects alive now (modules, routes, mappers)
# are never garbage, so they are set aside, and collections run less often: the slowest
# twentieth of list pages came down from about 270 to 150 ms (python -m bench).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
