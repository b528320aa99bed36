"""/readyz (database, cache, storage, broker; a 503 naming the failed check) and /metrics (the monitoring network
only). The services are real (PostgreSQL, the machine's Redis for the broker); a failure is a service's address
pointed at a closed port, or at a socket that accepts and never answers: only the network edge is changed."""

import socket
import threading

import pytest
from django.db import connections

READYZ_FAST = 0.5
#: What a check that answers may take on a loaded CI machine (the refused ones fail at once whatever it is).
READYZ_GENEROUS = 5


def closed_port():
    """A port on loopback nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers (a hung service)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def readyz_settings(settings):
    settings.READYZ_TIMEOUT = READYZ_GENEROUS
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no broker configured: jobs run in-process
    return settings


def redis_cache(port):
    return {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }


def test_readyz_answers_200_with_each_check_when_everything_answers(client, db, readyz_settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_readyz_names_the_database_when_it_refuses_connections(client, db, readyz_settings, monkeypatch):
    # The checks run in their own threads, which open their own connections: from the settings, now a closed port.
    monkeypatch.setitem(connections.settings["default"], "HOST", "127.0.0.1")
    monkeypatch.setitem(connections.settings["default"], "PORT", str(closed_port()))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert response.json()["checks"]["cache"] == "ok"


def test_readyz_names_the_cache_when_redis_refuses(client, db, readyz_settings):
    readyz_settings.CACHES = redis_cache(closed_port())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_gives_a_hung_cache_its_timeout_and_no_more(client, db, readyz_settings, silent_port):
    import time

    readyz_settings.CACHES = redis_cache(silent_port)
    readyz_settings.READYZ_TIMEOUT = READYZ_FAST
    started = time.monotonic()
    response = client.get("/readyz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "timeout"
    assert elapsed < READYZ_FAST + 1.5


def test_readyz_names_the_storage_when_the_object_store_refuses(client, db, readyz_settings):
    from botocore.config import Config

    readyz_settings.STORAGES = {
        **readyz_settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "readyz",
                "endpoint_url": f"http://127.0.0.1:{closed_port()}",
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "client_config": Config(connect_timeout=0.2, retries={"max_attempts": 1}),
            },
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]


def test_readyz_checks_the_broker_only_when_one_is_configured(client, db, readyz_settings):
    readyz_settings.CELERY_TASK_ALWAYS_EAGER = False
    readyz_settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"  # the machine's Redis
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["broker"] == "ok"

    readyz_settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]


def test_readyz_and_metrics_are_not_sent_to_https(client, db, readyz_settings):
    readyz_settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/metrics").status_code == 200
    assert client.get("/ke-hoach/").status_code == 301  # the rest of the site still is


def test_metrics_are_answered_to_loopback(client, db):
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"django_http_requests_latency_seconds_by_view_method" in response.content
    assert "no-cache" in response["Cache-Control"]


def test_metrics_are_refused_outside_the_allowed_networks_whatever_x_forwarded_for_says(client, db, settings):
    outside = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert outside.status_code == 404
    assert b"django_http" not in outside.content

    settings.METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="not-an-address").status_code == 404
