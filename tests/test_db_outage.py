"""With PostgreSQL stopped, a page that needs it answers 503 in Vietnamese and a kept page still answers 200;
after PostgreSQL restarts, the page answers 200 without restarting the app."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from db_outage import postgres_bin  # noqa: E402


@pytest.mark.slow
@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL binaries (initdb, pg_ctl) are not installed")
def test_site_recovers_by_itself_after_a_postgresql_restart():
    # Its own throw-away cluster on a free port, and a real gunicorn: see bench/db_outage.py.
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "db_outage.py")], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the search answers 503 in Vietnamese" in result.stdout
    assert "/ (kept) still answers 200 with the database down" in result.stdout
    assert "the search answers 200 again, same gunicorn, no restart" in result.stdout
