"""The site survives a PostgreSQL outage: 503 in Vietnamese while it is down, 200 again once it is back.

    .venv/bin/python bench/db_outage.py          # exits 0 when every step behaved

Starts its OWN throw-away PostgreSQL cluster (initdb in a temporary directory, a free port, as
the ``postgres`` user when run as root) and a gunicorn serving the site on it with persistent
connections (CONN_MAX_AGE=60, health checks on). Then: the search (a page that always asks the
database) answers 200; the cluster is stopped (``pg_ctl stop -m fast``): the search answers 503,
Vietnamese, with ``Retry-After``, while ``/``, kept since its first answer (public.cache),
still answers 200; the cluster is started again: the search answers 200 with the same gunicorn (no
restart). The system cluster is never touched. Run by tests/test_db_outage.py (marked ``slow``).
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def postgres_bin():
    """The newest installed PostgreSQL's binaries directory, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command):
    """initdb and postgres refuse to run as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_for(url, status, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            answer = get(url)
            if answer[0] == status:
                return answer
        except OSError:
            answer = None
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer {status} within {seconds} s (last: {answer and answer[0]})")
        time.sleep(0.5)


def step(message):
    print(f"-- {message}", flush=True)


def main():
    bin_dir = postgres_bin()
    if bin_dir is None:
        print("PostgreSQL binaries (initdb, pg_ctl) not found", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="db-outage-"))
    data = work / "data"
    pg_port, web_port = free_port(), free_port()
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(work / "postgres.log")]
    pg_options = f"-p {pg_port} -k {work} -c listen_addresses=127.0.0.1"
    server = None
    try:
        step(f"initdb and start a throw-away cluster on port {pg_port}")
        subprocess.run(
            as_postgres(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(as_postgres([*pg_ctl, "-o", pg_options, "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            as_postgres([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "ubnd"]),
            check=True,
        )
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/ubnd",
            "CONN_MAX_AGE": "60",
            "DEBUG": "true",
            "VAR_DIR": str(work / "var"),
            "LOG_LEVEL": "WARNING",
        }
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)

        step(f"gunicorn on port {web_port}, one worker, persistent connections")
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "ubnd_schedule.wsgi",
                "-b",
                f"127.0.0.1:{web_port}",
                "-w",
                "1",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        home = f"http://127.0.0.1:{web_port}/"
        search = f"http://127.0.0.1:{web_port}/tim-kiem/?q=ke+hoach"
        wait_for(home, 200)
        wait_for(search, 200)
        step("/ and the search answer 200 with the database up")

        step("stop PostgreSQL")
        subprocess.run(as_postgres([*pg_ctl, "-m", "fast", "-w", "stop"]), check=True, stdout=subprocess.DEVNULL)
        status, headers, body = get(search)
        assert status == 503, f"expected 503 with the database down, got {status}"
        assert headers.get("Retry-After"), "no Retry-After header"
        assert "Hệ thống tạm thời không phục vụ được" in body, "the 503 page is not the Vietnamese one"
        status, _headers, _body = get(search)
        assert status == 503, f"expected 503 again, got {status}"
        step(f"the search answers 503 in Vietnamese, Retry-After: {headers['Retry-After']}")
        status, _headers, _body = get(home)
        assert status == 200, f"expected the kept / to answer 200 with the database down, got {status}"
        step("/ (kept) still answers 200 with the database down")

        step("start PostgreSQL again")
        subprocess.run(as_postgres([*pg_ctl, "-o", pg_options, "-w", "start"]), check=True, stdout=subprocess.DEVNULL)
        status, _headers, _body = get(search)
        assert status == 200, f"expected 200 once the database is back, got {status}"
        assert server.poll() is None, "gunicorn restarted or died"
        step("the search answers 200 again, same gunicorn, no restart")
        print("OK")
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        subprocess.run(as_postgres([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
