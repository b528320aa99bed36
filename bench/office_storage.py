"""What one office adds to the database in a year, measured on bench/dataset.py's data (docs/deployment.md).

Three databases are built from one migrated template with bench/dataset.py: the province's one year (1 office),
its two years (1 office), one year plus two commune offices' twelve months each (3 offices). Their sizes
(pg_database_size: tables, indexes, TOAST, as the disk sees them) give:

- a province office-year: 12 programmes of about 55 items over 200 agencies, each issued with both signatures
  (two years minus one year);
- a commune office-year: 12 programmes of about 20 items (three offices minus one, halved);

then the database at 3,355 offices over 10 years, for a mix of province-sized and commune-sized offices.

    python bench/office_storage.py        # databases ubnd_cluster_size_*, dropped at the end
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PREFIX = "ubnd_cluster_size"
BUILDS = {
    "one_year": ["--years", "1"],
    "two_years": ["--years", "2"],
    "three_offices": ["--years", "1", "--offices", "3"],
}
OFFICES = 3355
PROVINCES = 34  # since 2025: 34 provinces and 3,321 communes make the 3,355 offices
YEARS = 10
MB = 1024 * 1024


def database_url(name):
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def admin():
    return psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True)


def size(name):
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={name}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        return connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def build(name, arguments, var_dir, template):
    with admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    env = {**os.environ, "DATABASE_URL": database_url(name), "VAR_DIR": var_dir, "LOG_LEVEL": "WARNING"}
    subprocess.run([PYTHON, "bench/dataset.py", *arguments], cwd=ROOT, env=env, check=True, capture_output=True)
    return size(name)


def main():
    template = f"{PREFIX}_template"
    names = [template] + [f"{PREFIX}_{key}" for key in BUILDS]
    try:
        with admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{template}"')
        with tempfile.TemporaryDirectory() as var_dir:
            env = {**os.environ, "DATABASE_URL": database_url(template), "VAR_DIR": var_dir}
            subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
            empty = size(template)
            sizes = {key: build(f"{PREFIX}_{key}", arguments, var_dir, template) for key, arguments in BUILDS.items()}
    finally:
        with admin() as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    province_year = sizes["two_years"] - sizes["one_year"]
    commune_year = (sizes["three_offices"] - sizes["one_year"]) / 2
    print(f"Empty migrated database: {empty / MB:.1f} MB; the province's first year: {sizes['one_year'] / MB:.1f} MB")
    print(f"A province office-year (12 programmes of ~55 items, 200 agencies): {province_year / MB:.2f} MB")
    print(f"A commune office-year (12 programmes of ~20 items): {commune_year / MB:.2f} MB")
    others = OFFICES - PROVINCES
    total = YEARS * (PROVINCES * province_year + others * commune_year)
    print(
        f"{OFFICES:,} offices x {YEARS} years ({PROVINCES} province-sized, {others:,} commune-sized): "
        f"{total / MB / 1024:.1f} GB of database (signed PDFs included: they are stored in the rows)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
