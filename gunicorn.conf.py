"""gunicorn's settings: `gunicorn -c gunicorn.conf.py ubnd_schedule.wsgi` (production and bench/load.py).

- The app is imported once, in the master (``preload_app``): workers share its code and data pages.
- Then every object alive is moved out of the garbage collector's reach (``gc.freeze``): a collection in
  a worker no longer walks the tens of thousands of objects Django, the templates and the catalogs
  leave at start-up, which made 40-110 ms pauses in the heaviest views; nor does it write to their
  pages, which stay shared with the master.
- The first generation collects every 5,000 new objects instead of 700: a page makes tens of thousands,
  most dead by the end of the request.
Each setting can be overridden on the command line or by the environment gunicorn reads (WEB_CONCURRENCY).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = True
accesslog = None
timeout = 60


def when_ready(server):
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    gc.set_threshold(5000, 20, 20)
