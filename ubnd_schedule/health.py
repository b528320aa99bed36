"""The probes of the load balancer and the monitor: ``/readyz`` and ``/metrics``.

``/healthz`` (public.views) says the process is alive. ``/readyz`` says whether this app node can serve: the
database, the shared cache, the file storage (S3 when configured) and the job broker (when
``CELERY_BROKER_URL`` is set) each answer within ``READYZ_TIMEOUT`` seconds. A load balancer takes a node out of
rotation on a 503, whose body names the failed check. Each check runs in its own thread, so a service that
accepts a connection and never answers costs the probe its timeout, not a gunicorn worker.

``/metrics`` (django-prometheus) is answered only to the addresses of ``METRICS_ALLOWED_NETWORKS`` (loopback
by default), read from the socket's REMOTE_ADDR, never from X-Forwarded-For, which any client can write.
The front server denies the path as well (cluster/nginx.conf.template).
"""

import ipaddress
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponseNotFound, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView
from kombu import Connection

logger = logging.getLogger(__name__)

#: The name of the object whose presence the storage check asks for: it need not exist, the question must be
#: answered (a HEAD on S3).
STORAGE_PROBE_NAME = "readyz-probe"
CACHE_PROBE_KEY = "readyz-probe"


def check_database():
    """One round trip on a connection of its own thread (Django's connections are per thread)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_cache():
    """A write and a read: a cache that drops every write (a full or read-only Redis) is not ready either."""
    token = str(time.monotonic_ns())
    cache.set(CACHE_PROBE_KEY, token, timeout=30)
    if cache.get(CACHE_PROBE_KEY) != token:
        raise RuntimeError("the cache did not keep a value")


def check_storage():
    """The default storage answers: S3, a HEAD on the bucket (a HEAD on a missing object of a deleted bucket is a
    plain "no", so the bucket itself is asked; the keys need s3:ListBucket); files, a presence question."""
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
    else:
        default_storage.exists(STORAGE_PROBE_NAME)


def check_broker():
    """A connection to the Celery broker (kombu, the library Celery speaks through), bounded in time."""
    timeout = settings.READYZ_TIMEOUT
    with Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=timeout,
        transport_options={
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
            "max_retries": 0,
        },
    ) as broker:
        broker.ensure_connection(max_retries=0, timeout=timeout)


def checks():
    """The checks this node runs, by name: the broker's only when one is configured (CELERY_BROKER_URL)."""
    named = {"database": check_database, "cache": check_cache, "storage": check_storage}
    if settings.CELERY_BROKER_URL and not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        named["broker"] = check_broker  # with no broker, jobs run eagerly in-process: nothing to reach
    return named


def run_checks(named, timeout):
    """{name: "ok" | "error" | "timeout"}, every check started at once and given ``timeout`` seconds."""
    results = {}
    pool = ThreadPoolExecutor(max_workers=len(named), thread_name_prefix="readyz")
    try:
        futures = {name: pool.submit(check) for name, check in named.items()}
        deadline = time.monotonic() + timeout
        for name, future in futures.items():
            try:
                future.result(timeout=max(0.0, deadline - time.monotonic()))
                results[name] = "ok"
            except FutureTimeout:
                results[name] = "timeout"
                logger.warning("readyz check=%s result=timeout", name)
            except Exception as error:  # any failure of a service means this node is not ready
                results[name] = "error"
                logger.warning("readyz check=%s result=error error=%s", name, type(error).__name__)
    finally:
        # A check stuck past its timeout is left to finish in the background; the answer does not wait.
        pool.shutdown(wait=False, cancel_futures=True)
    return results


@never_cache
def readyz(request):
    """200 {"status": "ok", "checks": {...}} when every check passed, else 503 naming the failed ones."""
    results = run_checks(checks(), settings.READYZ_TIMEOUT)
    failed = sorted(name for name, result in results.items() if result != "ok")
    if failed:
        return JsonResponse({"status": "error", "failed": failed, "checks": results}, status=503)
    return JsonResponse({"status": "ok", "checks": results})


def metrics_allowed(remote_addr):
    """Whether the socket's peer is inside one of METRICS_ALLOWED_NETWORKS."""
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
def metrics(request):
    """The Prometheus exposition (every gunicorn worker's in multiprocess mode), for the monitoring network only.

    Anyone else gets the site's plain 404: the path's existence is not advertised.
    """
    if not metrics_allowed(request.META.get("REMOTE_ADDR")):
        return HttpResponseNotFound()
    return ExportToDjangoView(request)
