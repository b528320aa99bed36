"""A database that accepts connections but never answers, or a statement that runs too long, ends the request in
the Vietnamese 503 within seconds, instead of holding it until gunicorn kills the worker."""

import os
import runpy
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test import Client

from tests.public.conftest import page_text

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "ubnd_schedule" / "settings.py"
SILENT_SERVER_GIVES_UP_AFTER = 20  # seconds: without a connect timeout the request would wait this long

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the timeouts are PostgreSQL connection options"
)


class SilentServer:
    """A TCP server on 127.0.0.1 that accepts every connection and never says a word (a hung database)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        self.listener.settimeout(0.2)
        deadline = time.monotonic() + SILENT_SERVER_GIVES_UP_AFTER
        while time.monotonic() < deadline and self.listener.fileno() != -1:
            try:
                self.accepted.append(self.listener.accept()[0])
            except (TimeoutError, OSError):
                continue
        self.close()

    def close(self):
        for sock in self.accepted:
            sock.close()
        self.listener.close()


def assert_vietnamese_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Hệ thống tạm thời không phục vụ được" in page_text(response)


def web_settings(monkeypatch, **environment):
    """What ubnd_schedule/settings.py gives a web process (WEB_PROCESS, as wsgi.py sets it) for ``environment``."""
    monkeypatch.setenv("WEB_PROCESS", "true")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@postgresql_only
def test_a_database_that_accepts_connections_but_never_answers_gives_the_503_within_seconds(
    django_db_blocker, settings
):
    server = SilentServer()
    saved = connection.settings_dict
    try:
        with django_db_blocker.unblock():
            connection.close()
            connection.settings_dict = {**saved, "HOST": "127.0.0.1", "PORT": str(server.port)}
            started = time.monotonic()
            response = Client(raise_request_exception=False).get("/tim-kiem/", {"q": "phong chong ma tuy"})
            elapsed = time.monotonic() - started
    finally:
        server.close()
        connection.close()
        connection.settings_dict = saved
    assert server.accepted  # the request did reach the silent server
    assert_vietnamese_503(response)
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT == 5
    assert elapsed < settings.DB_CONNECT_TIMEOUT + 3, f"{elapsed:.1f} s"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_past_the_web_timeout_gives_the_503(editor, monkeypatch, sample_plan):
    """A migration (or anything) holding a lock on the plans: the workspace's query waits for it, then gives up."""
    options = web_settings(monkeypatch, DB_STATEMENT_TIMEOUT_MS="500")["DATABASES"]["default"]["OPTIONS"]
    assert "-c statement_timeout=500" in options["options"]
    saved = connection.settings_dict
    params = connection.get_connection_params()
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    connection.close()
    connection.settings_dict = {**saved, "OPTIONS": {**saved["OPTIONS"], **options}}
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as locker:
        locker.execute("LOCK TABLE agenda_monthlyplan IN ACCESS EXCLUSIVE MODE")
        try:
            started = time.monotonic()
            response = client.get("/van-phong/bac-giang/")
            elapsed = time.monotonic() - started
        finally:
            locker.rollback()
            connection.close()
            connection.settings_dict = saved
    assert_vietnamese_503(response)
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert client.get("/van-phong/bac-giang/").status_code == 200  # the lock gone, the next request is served


def test_only_the_web_server_limits_statements_so_commands_and_migrations_are_not_cut_off(monkeypatch):
    database = "postgres://ubnd@127.0.0.1:5432/ubnd"
    web = web_settings(monkeypatch, DATABASE_URL=database)["DATABASES"]["default"]["OPTIONS"]
    assert web == {"connect_timeout": 5, "options": "-c statement_timeout=30000"}

    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {**os.environ, "DATABASE_URL": database, "DJANGO_SETTINGS_MODULE": "ubnd_schedule.settings"}
    env.pop("WEB_PROCESS", None)

    def options_in(process_start):
        code = f"{process_start}; {show}"
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert options_in("import django; django.setup()") == "{'connect_timeout': 5}"  # manage.py, commands
    assert options_in("import ubnd_schedule.wsgi") == "{'connect_timeout': 5, 'options': '-c statement_timeout=30000'}"
