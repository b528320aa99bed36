"""Object storage in the tests: moto's S3 server (its server mode, the HTTP API a MinIO or a cloud bucket
speaks) on 127.0.0.1, and a fresh private bucket per test that the app's settings point at, built from the same
environment variables production reads (ubnd_schedule.s3), with an empty VAR_DIR that must stay empty."""

import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.workspace import conftest as workspace
from ubnd_schedule.s3 import s3_storages

# The workspace tests' fixtures, for the flows of these tests.
department_user = workspace.department_user
february = workspace.february
other_department_user = workspace.other_department_user
outsider = workspace.outsider
planning_dept = workspace.planning_dept
published_january = workspace.published_january
time_machine = workspace.time_machine

ACCESS_KEY = "moto-test-key"
SECRET_KEY = "moto-test-secret"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def moto_server():
    """moto's S3 API server on a free port of 127.0.0.1, for the whole session: its endpoint URL."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@dataclass
class Bucket:
    """The test's bucket: its name, a boto3 client of it (the test's own look at what the app stored), the
    environment that names it, and the empty VAR_DIR the app must not write to."""

    name: str
    client: object
    environ: dict
    var_dir: Path

    def object_keys(self, prefix=""):
        answer = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(entry["Key"] for entry in answer.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def var_files(self):
        return sorted(str(path.relative_to(self.var_dir)) for path in self.var_dir.rglob("*"))


def s3_client(endpoint):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


@pytest.fixture
def s3(moto_server, tmp_path):
    """A fresh bucket, and the settings of object-storage mode (S3_BUCKET...) pointing at it, as
    ubnd_schedule/settings.py makes them from the environment; VAR_DIR and MEDIA_ROOT are an empty directory.

    override_settings(STORAGES=…) makes Django forget its storages (default_storage included) on entry and exit."""
    environ = {
        "S3_BUCKET": f"ubnd-{uuid.uuid4().hex[:16]}",
        "S3_ENDPOINT_URL": moto_server,
        "S3_ACCESS_KEY": ACCESS_KEY,
        "S3_SECRET_KEY": SECRET_KEY,
        "S3_REGION": "us-east-1",
    }
    client = s3_client(moto_server)
    client.create_bucket(Bucket=environ["S3_BUCKET"])
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    with override_settings(
        S3_BUCKET=environ["S3_BUCKET"],
        S3_PRESIGNED_REDIRECT=False,
        S3_PRESIGNED_SECONDS=60,
        STORAGES={**settings.STORAGES, **s3_storages(environ, expire=60)},
        VAR_DIR=var_dir,
        MEDIA_ROOT=var_dir / "media",
    ):
        yield Bucket(environ["S3_BUCKET"], client, environ, var_dir)


@pytest.fixture
def issued_february(february):
    from issuing.services import publish_plan

    return publish_plan(february)


@pytest.fixture
def own_item(issued_february, planning_dept):
    """A session item of issued February whose lead is the department user's agency."""
    from meetings.models import Item

    return Item.objects.get(plan=issued_february, assignments__agency=planning_dept, part="session")
