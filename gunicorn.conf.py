"""gunicorn's settings: `gunicorn -c gunicorn.conf.py ubnd_schedule.wsgi` (production and bench/load.py).

- The app is imported once, in the master (``preload_app``): workers share its code and data pages.
- Then every object alive is moved out of the garbage collector's reach (``gc.freeze``): a collection in
  a worker no longer walks the tens of thousands of objects Django, the templates and the catalogs
  leave at start-up, which made 40-110 ms pauses in the heaviest views; nor does it write to their
  pages, which stay shared with the master.
- The young generation is collected every 50,000 new objects instead of 700, the middle one every 50
  of those, the oldest every 100 of those: a page makes hundreds of thousands of short-lived objects,
  and the default thresholds ran a collection every few hundred of them (bench/gc_pauses.py; the
  editing page's p95 went from 94-99 ms to 82 ms with these, its median unchanged; bench/load.py
  checks that the workers' memory does not grow).
Each setting can be overridden on the command line or by the environment gunicorn reads (WEB_CONCURRENCY).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = True
accesslog = None
timeout = 60
GC_THRESHOLDS = (50_000, 50, 100)


def when_ready(server):
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    gc.set_threshold(*GC_THRESHOLDS)


def child_exit(server, worker):
    """Prometheus multiprocess mode: a dead worker's live gauges are dropped (its counters stay summed)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
