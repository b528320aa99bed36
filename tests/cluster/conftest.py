"""The cluster's tests start the whole deployment (deploy/cluster.py: nginx, two gunicorn nodes, Celery, moto's S3
server, on the local PostgreSQL and Redis): minutes, not seconds. `make cluster-test` runs them (CLUSTER_TESTS=1);
`make test` deselects them. They use no Django test database: each talks to the cluster over HTTP and reads the
cluster's own database (ubnd_cluster_test) with plain SQL."""

import os
from pathlib import Path

import psycopg
import pytest

from deploy.cluster import Cluster

HERE = Path(__file__).resolve().parent
DATABASE = "ubnd_cluster_test"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CLUSTER_TESTS") == "1":
        return
    ours = [item for item in items if HERE in Path(str(item.path)).parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]


@pytest.fixture(scope="session")
def cluster():
    """One cluster for the whole run, stopped (every process, its run directory) at the end."""
    with Cluster(database=DATABASE, redis_db=6, quiet=True, access_log=True, visibility_timeout=10) as running:
        yield running


@pytest.fixture(scope="session")
def sql(cluster):
    """Runs a query on the cluster's database: a list of rows."""
    connection = psycopg.connect(f"host=127.0.0.1 user=postgres dbname={DATABASE}", autocommit=True)

    def query(text, *params):
        with connection.cursor() as cursor:
            cursor.execute(text, params)
            return cursor.fetchall() if cursor.description else []

    yield query
    connection.close()
