"""A real Celery worker on Redis, killed in the middle of its jobs: after the new worker runs them again there is
exactly one e-mail and one packet (issue 21, "Jobs are idempotent").

The worker is `celery -A ubnd_schedule worker`, a subprocess on this test's database (committed data: a
transactional test) and on Redis at 127.0.0.1 (its own database number, emptied before and after). The jobs are
queued by another subprocess, as a web process with a broker would. The first worker pauses inside each job after
taking its lock (JOBS_TEST_PAUSE_SECONDS) and is killed there with SIGKILL (its whole process group); Redis gives
the unacknowledged jobs back after CELERY_VISIBILITY_TIMEOUT, and the second worker runs them.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from issuing.services import publish_plan
from jobs.models import BuiltFile, OutboxMessage
from meetings.models import RegularSession

ROOT = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("JOBS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
VISIBILITY = 3

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def redis_answers():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
        return True
    except Exception:
        return False


@pytest.fixture
def environment(tmp_path):
    if not redis_answers():
        pytest.skip(f"no Redis at {REDIS_URL}")
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "VAR_DIR": str(tmp_path / "var"),
        "SITE_URL": "http://127.0.0.1:8000",
        "WARM_PUBLIC_PAGES": "0",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("JOBS_TEST_PAUSE_SECONDS", None)
    yield env
    redis_answers()


def start_worker(env, log, pause=0):
    command = [sys.executable, "-m", "celery", "-A", "ubnd_schedule", "worker", "--concurrency=2", "--loglevel=info"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with open(log, "ab") as output:  # Celery's log and Django's (stdout) alike
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "JOBS_TEST_PAUSE_SECONDS": str(pause)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool's children die with it
        )


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(condition, seconds, what, log):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"
    raise AssertionError(f"waited {seconds} s for {what}; the worker's log ends:\n{tail}")


QUEUE_JOBS = """
from django.core.mail import EmailMessage
from dossiers import packet_store
from jobs import outbox
from meetings.models import RegularSession
outbox.send([EmailMessage("Worker test", "One e-mail", to=["sokhdt@example.org"])], ["worker-test:1"])
packet_store.request_packet(RegularSession.objects.get(pk={session}))
"""


def mails(directory):
    return [
        line
        for path in directory.glob("*.log")
        for line in path.read_text().splitlines()
        if line.startswith("Subject:")
    ]


def test_a_worker_killed_mid_job_leaves_one_email_and_one_packet(sample_plan, environment, tmp_path):
    plan = publish_plan(sample_plan)
    session = RegularSession.objects.filter(plan=plan).first()
    first_log, second_log = tmp_path / "worker-1.log", tmp_path / "worker-2.log"
    first = start_worker(environment, first_log, pause=120)
    second = None
    try:
        queued = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", QUEUE_JOBS.format(session=session.pk)],
            cwd=ROOT,
            env=environment,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        assert OutboxMessage.objects.count() == 1 and BuiltFile.objects.count() == 1, queued.stdout + queued.stderr
        paused = lambda: first_log.exists() and first_log.read_text().count("test pause in") >= 2  # noqa: E731
        wait_for(paused, 90, "the first worker to be inside both jobs", first_log)
        stop(first, signal.SIGKILL)
        assert mails(tmp_path / "mail") == []
        assert OutboxMessage.objects.get().state == "pending" and BuiltFile.objects.get().state == "building"

        second = start_worker(environment, second_log)
        done = lambda: (  # noqa: E731
            OutboxMessage.objects.filter(state="sent").exists() and BuiltFile.objects.filter(state="ready").exists()
        )
        wait_for(done, 120, "the second worker to run the jobs given back", second_log)
        time.sleep(VISIBILITY + 2)  # any further redelivery has had its chance
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)
    assert mails(tmp_path / "mail") == ["Subject: Worker test"]
    build = BuiltFile.objects.get()
    assert build.state == "ready" and OutboxMessage.objects.get().attempts == 1
    packets = list((tmp_path / "media" / "tep-tao-nen").iterdir())
    assert [path.name for path in packets] == [Path(build.name).name]
    assert packets[0].read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/13", "amqp://guest:guest@127.0.0.1:5672//"])
def test_the_celery_app_reaches_redis_and_rabbitmq(url):
    from ubnd_schedule.celery import app

    with app.connection_for_write(url) as connection:
        try:
            connection.ensure_connection(max_retries=1, timeout=3)
        except Exception as error:  # the broker is not running here: nothing to prove
            pytest.skip(f"{url}: {error}")
        assert connection.connected
