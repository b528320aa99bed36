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
- A response leaves a worker in one write, its headers with its body (``whole_responses``): gunicorn writes the
  headers first, and a node killed between the two writes left nginx with headers and no body, which it can
  neither complete nor retry on another node. Now nginx has either the whole answer or nothing of it, and retries
  an idempotent request that got nothing (tests/cluster: a node killed under load costs the client no request).
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
#: The largest answer held to be sent in one write; a larger one streams past it.
HOLD_LIMIT = 1024 * 1024


def whole_responses():
    """Hold a response (status line, headers, body, the chunked ending) and send it in one write (see above).

    Django's kept public pages have no Content-Length (they are answered before CommonMiddleware), so gunicorn
    sends them chunked: the whole answer, up to HOLD_LIMIT bytes, goes out when the response closes. A larger one
    (a big file streamed from the bucket) is sent as it comes once past the limit; a file sent with sendfile(2)
    gets its headers just before, as gunicorn does. Relies on gunicorn's Response.send_headers, _emit_body,
    sendfile and close.
    """
    from gunicorn import util
    from gunicorn.http import wsgi

    response = wsgi.Response
    original_sendfile = response.sendfile

    def send_headers(self):
        if self.headers_sent:
            return
        lines = self.default_headers() + [f"{name}: {value}\r\n" for name, value in self.headers]
        header = util.to_bytestring("".join(lines) + "\r\n", "latin-1")
        self.headers_sent = True
        if getattr(self, "_in_sendfile", False):
            util.write(self.sock, header)
        else:
            self._held, self._held_size = [header], len(header)

    def flush(self):
        held, self._held = getattr(self, "_held", None), None
        if held:
            self.sock.sendall(b"".join(held))

    def emit_body(self, data):
        if getattr(self, "_held", None) is None:
            util.write(self.sock, data, self.chunked)
            return
        piece = b"%X\r\n%s\r\n" % (len(data), data) if self.chunked else data
        self._held.append(piece)
        self._held_size += len(piece)
        if self._held_size > HOLD_LIMIT:
            flush(self)

    def sendfile(self, respiter):
        flush(self)
        self._in_sendfile = True
        try:
            return original_sendfile(self, respiter)
        finally:
            self._in_sendfile = False

    def close(self):
        if not self.headers_sent:
            self.send_headers()
        held = getattr(self, "_held", None)
        if held is not None and self.chunked:
            held.append(b"0\r\n\r\n")
            flush(self)
            return
        flush(self)
        if self.chunked:
            util.write_chunk(self.sock, b"")

    response.send_headers, response._emit_body = send_headers, emit_body
    response.sendfile, response.close = sendfile, close


whole_responses()


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
